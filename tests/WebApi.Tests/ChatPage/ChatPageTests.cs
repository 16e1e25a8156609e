using System.Net;
using OpenQA.Selenium;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.ChatPage;

/// <summary>
/// The development page at /chat, in a real browser against the running service: a token, a message,
/// and the reply streamed in (several deltas into one bubble), the task list beside it updated.
/// </summary>
[NonParallelizable]
public sealed class ChatPageTests : TestBase
{
    private const string User = "page-alice";

    [Test]
    public async Task ShouldServeThePageAndItsScriptInDevelopment()
    {
        using var client = AnonymousClient();
        using var page = await client.GetAsync("chat");
        using var script = await client.GetAsync("chat/chat.js");

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(script.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/javascript"));
        Assert.That(await script.Content.ReadAsStringAsync(), Does.Contain("text/event-stream"), "the bundle carries the TypeScript client's streamChat");
    }

    [Test]
    public void ShouldStreamAReplyInAndShowTheNewTask()
    {
        if (Browser.Unavailable() is { } why)
        {
            Assert.Ignore(why);
        }

        using var browser = Browser.Start();
        try
        {
            browser.Driver.Navigate().GoToUrl(new Uri(Testing.App.BaseAddress, "chat"));
            browser.WaitFor(By.Id("token")).SendKeys(Tokens.For(User));
            browser.Driver.FindElement(By.Id("connect")).Click();
            browser.WaitForText(By.Id("status"), text => text == "connected");

            browser.Driver.FindElement(By.Id("message")).SendKeys("remind me to call mom tomorrow");
            browser.Driver.FindElement(By.Id("send")).Click();

            var reply = browser.WaitForText(By.CssSelector(".message.assistant.stored"), text => text.Length > 0);
            var deltas = int.Parse(browser.Driver.FindElement(By.CssSelector(".message.assistant.stored")).GetAttribute("data-deltas")!);
            var tasks = browser.WaitForText(By.Id("tasks"), text => text.Contains("Call mom tomorrow", StringComparison.Ordinal));
            var conversations = browser.WaitForText(By.Id("conversations"), text => text.Length > 0);
            browser.Screenshot("chat-page");

            using (Assert.EnterMultipleScope())
            {
                Assert.That(reply, Does.Contain("Call mom tomorrow"));
                Assert.That(deltas, Is.GreaterThan(1), "the reply came in as several message.delta events");
                Assert.That(browser.Driver.FindElements(By.CssSelector(".message.tool")).Select(e => e.Text), Has.Some.StartsWith("add_task("));
                Assert.That(conversations, Does.Contain("remind me to call mom tomorrow"));
                Assert.That(tasks, Does.Contain("Call mom tomorrow"));
                Assert.That(browser.ConsoleErrors(), Is.Empty);
            }
        }
        catch
        {
            browser.Screenshot("chat-page-failed");
            throw;
        }
    }
}
