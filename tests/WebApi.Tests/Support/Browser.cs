using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace TodoChat.WebApi.Tests.Support;

/// <summary>
/// Debian's headless Chromium driven through Debian's ChromeDriver (packages chromium and
/// chromium-driver; no browser download). Flags keep it off the network this machine does not have.
/// </summary>
public sealed class Browser : IDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string ChromeDriverPath = "/usr/bin/chromedriver";

    private readonly string _profile;

    private Browser(ChromeDriver driver, string profile)
    {
        Driver = driver;
        _profile = profile;
    }

    public ChromeDriver Driver { get; }

    /// <summary>Why the browser cannot run here, or null when it can.</summary>
    public static string? Unavailable() =>
        File.Exists(ChromiumPath) && File.Exists(ChromeDriverPath)
            ? null
            : $"Chromium ({ChromiumPath}) and ChromeDriver ({ChromeDriverPath}) are not installed, so the Swagger UI browser tests did not run: " +
              "install Debian's chromium and chromium-driver ('dotnet pwsh ./build.ps1 test' does, as root).";

    public static Browser Start()
    {
        var profile = Directory.CreateTempSubdirectory("todochat-chromium-").FullName;
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments(
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1400,2000",
            $"--user-data-dir={profile}");
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriverPath)!, Path.GetFileName(ChromeDriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        return new Browser(new ChromeDriver(service, options, TimeSpan.FromSeconds(60)), profile);
    }

    /// <summary>Waits (up to 20 s) for an element to be displayed, and returns it.</summary>
    public IWebElement WaitFor(By by) =>
        Wait().Until(d =>
        {
            var element = d.FindElements(by).FirstOrDefault();
            return element is { Displayed: true } ? element : null;
        })!;

    /// <summary>Waits (up to 20 s) for an element's text to satisfy the condition, and returns the text.</summary>
    public string WaitForText(By by, Func<string, bool> condition) =>
        Wait().Until(d =>
        {
            var text = d.FindElements(by).FirstOrDefault()?.Text;
            return text is not null && condition(text) ? text : null;
        })!;

    /// <summary>Swagger UI re-renders as it goes: an element found a moment ago may be replaced.</summary>
    private WebDriverWait Wait()
    {
        var wait = new WebDriverWait(Driver, TimeSpan.FromSeconds(20));
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException), typeof(NoSuchElementException));
        return wait;
    }

    /// <summary>Console messages of level SEVERE (errors) since the last call.</summary>
    public IReadOnlyList<string> ConsoleErrors() =>
        Driver.Manage().Logs.GetLog(LogType.Browser)
            .Where(entry => entry.Level == LogLevel.Severe)
            .Select(entry => entry.Message)
            .ToList();

    /// <summary>Saves a screenshot as a test artifact (kept in TestResults with the run) and returns its path.</summary>
    public string Screenshot(string name)
    {
        var directory = Path.Combine(TestContext.CurrentContext.WorkDirectory, "artifacts");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{name}.png");
        Driver.GetScreenshot().SaveAsFile(path);
        TestContext.AddTestAttachment(path, name);
        var html = Path.ChangeExtension(path, ".html");
        File.WriteAllText(html, Driver.PageSource);
        TestContext.AddTestAttachment(html, $"{name} (page source)");
        return path;
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be letting go of its profile; it is a temporary directory.
        }
    }
}
