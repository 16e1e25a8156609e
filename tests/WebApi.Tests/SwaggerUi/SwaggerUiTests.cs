using System.Text.Json.Nodes;
using OpenQA.Selenium;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.SwaggerUi;

/// <summary>
/// Swagger UI as a person uses it, in a real browser against the running service: it loads without
/// console errors, Authorize takes a token, and "Try it out" on chat and on the history answers 200
/// with the expected JSON. Screenshots are kept as test artifacts.
/// </summary>
[NonParallelizable]
public sealed class SwaggerUiTests : TestBase
{
    private const string User = "swagger-alice";
    private Browser _browser = null!;

    [OneTimeSetUp]
    public void StartBrowser()
    {
        if (Browser.Unavailable() is { } why)
        {
            Assert.Ignore(why);
        }

        _browser = Browser.Start();
    }

    [TearDown]
    public void KeepAScreenshotOfAFailure()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            _browser.Screenshot($"failed-{TestContext.CurrentContext.Test.Name}");
        }
    }

    [OneTimeTearDown]
    public void StopBrowser() => _browser?.Dispose();

    [Test]
    public void ShouldLoadWithoutConsoleErrors()
    {
        Open();

        var title = _browser.WaitForText(By.CssSelector(".swagger-ui .info .title"), text => text.Contains("TodoChat API", StringComparison.Ordinal));
        _browser.WaitFor(By.CssSelector(".swagger-ui button.authorize"));
        _browser.WaitFor(By.Id("operations-Chat-Chat"));
        _browser.Screenshot("swagger-ui-loaded");

        Assert.That(title, Does.Contain("TodoChat API"));
        Assert.That(_browser.ConsoleErrors(), Is.Empty, "the browser console logged errors");
    }

    [Test]
    public async Task ShouldChatAndReadTheHistoryThroughTryItOut()
    {
        Open();
        Authorize(await TokenFromBuildScriptAsync(User));

        TryItOut("operations-Chat-Chat", new Dictionary<string, string> { ["user_id"] = User }, """{ "conversation_id": null, "message": "add buy milk" }""");
        var chatBody = ExecuteAndRead("operations-Chat-Chat");
        var conversationId = (string)chatBody["conversation_id"]!;
        _browser.Screenshot("swagger-ui-chat");

        TryItOut("operations-Conversations-GetConversationHistory", new Dictionary<string, string> { ["user_id"] = User, ["conversation_id"] = conversationId }, body: null);
        var history = ExecuteAndRead("operations-Conversations-GetConversationHistory");
        _browser.Screenshot("swagger-ui-history");

        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)chatBody["tool_calls"]![0]!["tool"], Is.EqualTo("add_task"));
            Assert.That((string?)history["conversation_id"], Is.EqualTo(conversationId));
            Assert.That(history["data"]!.AsArray().Select(m => (int)m!["seq"]!), Is.EqualTo(new[] { 1, 2 }));
            Assert.That((bool?)history["has_more"], Is.False);
            Assert.That(_browser.ConsoleErrors(), Is.Empty, "the browser console logged errors");
        }
    }

    /// <summary>What a person pastes: a token as 'dotnet pwsh ./build.ps1 token' prints it (the same minter) for the service's secret.</summary>
    private static Task<string> TokenFromBuildScriptAsync(string user) =>
        Task.FromResult(TodoChat.Token.DevelopmentTokens.Mint(TestSecrets.JwtSecret, user, TimeSpan.FromHours(12)));

    private void Open()
    {
        _browser.Driver.Navigate().GoToUrl(new Uri(Testing.App.BaseAddress, "swagger/index.html"));
        _browser.WaitFor(By.CssSelector(".swagger-ui .info"));
    }

    private void Authorize(string token)
    {
        _browser.WaitFor(By.CssSelector(".swagger-ui .auth-wrapper button.authorize")).Click();
        _browser.WaitFor(By.CssSelector(".modal-ux input")).SendKeys(token);
        _browser.WaitFor(By.CssSelector(".modal-ux .auth-btn-wrapper button.authorize")).Click();
        _browser.WaitFor(By.CssSelector(".modal-ux .auth-btn-wrapper button.btn-done")).Click();
    }

    /// <summary>Expands the operation, presses "Try it out" and fills in its parameters and body.</summary>
    private void TryItOut(string operationId, IReadOnlyDictionary<string, string> parameters, string? body)
    {
        _browser.WaitFor(By.Id(operationId)).FindElement(By.CssSelector(".opblock-summary")).Click();
        _browser.WaitFor(By.CssSelector($"#{operationId} button.try-out__btn")).Click();
        foreach (var (name, value) in parameters)
        {
            var input = _browser.WaitFor(By.CssSelector($"#{operationId} tr[data-param-name='{name}'] input"));
            input.Clear();
            input.SendKeys(value);
        }

        if (body is not null)
        {
            var editor = _browser.WaitFor(By.CssSelector($"#{operationId} textarea.body-param__text"));
            editor.SendKeys(Keys.Control + "a");
            editor.SendKeys(Keys.Delete);
            editor.SendKeys(body);
        }
    }

    /// <summary>Presses Execute and returns the JSON of the live response, after checking it is a 200.</summary>
    private JsonNode ExecuteAndRead(string operationId)
    {
        _browser.WaitFor(By.CssSelector($"#{operationId} button.execute")).Click();
        var status = _browser.WaitForText(By.CssSelector($"#{operationId} .live-responses-table tbody tr.response td.response-col_status"), text => text.Trim().Length > 0);
        var body = _browser.WaitForText(By.CssSelector($"#{operationId} .live-responses-table tbody .response-col_description .highlight-code pre"), text => text.Trim().StartsWith('{'));
        Assert.That(status.Trim(), Does.StartWith("200"), $"{operationId} answered {status}: {body}");
        var response = _browser.Driver.FindElement(By.CssSelector($"#{operationId} .live-responses-table tbody tr.response"));
        _browser.Driver.ExecuteScript("arguments[0].scrollIntoView({ block: 'center' });", response);
        return JsonNode.Parse(body)!;
    }
}
