using System.Diagnostics;
using System.Text;

namespace TodoChat.WebApi.Tests.Support;

/// <summary>npm, run in a package folder; a non-zero exit fails the test with everything it printed.</summary>
public static class Npm
{
    public static Task<string> RunAsync(string directory, TimeSpan timeout, params string[] arguments) =>
        RunAsync(directory, timeout, new Dictionary<string, string>(), arguments);

    public static async Task<string> RunAsync(string directory, TimeSpan timeout, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("npm")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["NO_COLOR"] = "1";
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Fail("npm was not found: Node.js and npm are needed for the TypeScript client ('dotnet pwsh ./build.ps1 test' installs them).");
            throw;
        }

        using (process)
        {
            var output = new StringBuilder();
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var cancel = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"npm {string.Join(' ', arguments)} did not finish within {timeout}:\n{output}");
            }

            process.WaitForExit();
            var text = output.ToString();
            Assert.That(process.ExitCode, Is.Zero, $"npm {string.Join(' ', arguments)} failed:\n{text}");
            return text;
        }
    }
}
