using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TodoChat.Domain.Conversations;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Logging;

/// <summary>
/// Logs, spans and metric tags carry request types, ids and timings; task and chat text is user data
/// and never appears, nor does the bearer token.
/// </summary>
public sealed class LogPrivacyTests : TestBase
{
    [Test]
    public async Task ShouldLogRequestTypesAndIdsButNeverTaskOrMessageText()
    {
        var sink = new LogSink();
        await using var app = new TodoChatApp(
            Testing.Database.ConnectionString,
            new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Trace",
                ["Logging:LogLevel:TodoChat"] = "Trace",
                ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Trace",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Trace",
            },
            services => services.AddSingleton<ILoggerProvider>(sink));
        const string secretTitle = "SECRET-TITLE-7f3a";
        const string secretText = "SECRET-MESSAGE-91bc";
        using var client = app.CreateHttpClient(Tokens.For("alice"));

        using var created = await client.PostJsonAsync("api/alice/tasks", new { title = secretTitle, description = secretTitle });
        var id = (int)(await created.ReadJsonAsync())["id"]!;
        (await client.PutJsonAsync($"api/alice/tasks/{id}", new { title = secretTitle + "2" })).EnsureSuccessStatusCode();
        (await client.PostJsonAsync("api/alice/tasks", new { title = new string('x', 501) + secretTitle })).Dispose();
        (await client.PostJsonAsync("api/alice/chat", new { conversation_id = (Guid?)null, message = $"add {secretText}" })).EnsureSuccessStatusCode();
        using (var streamed = await EventStream.ChatAsync(client, "api/alice/chat", null, $"add {secretText} streamed"))
        {
            Assert.That((await streamed.ToEndAsync())[^1].Name, Is.EqualTo("turn.completed"));
        }

        var lines = sink.Lines.ToList();
        Assert.That(lines, Is.Not.Empty);
        Assert.That(lines, Has.Some.Contains("CreateTaskCommand").And.Some.Contains("SendChatMessageCommand").And.Some.Contains("alice"), "request types and user ids are logged");
        Assert.That(lines, Has.None.Contains(secretTitle), "task text is never logged");
        Assert.That(lines, Has.None.Contains(secretText), "chat text is never logged");
    }

    [Test]
    public async Task ShouldKeepTaskAndChatTextAndTokensOutOfSpansAndMetricTags()
    {
        var spans = new SpanCollector();
        await using var app = new TodoChatApp(Testing.Database.ConnectionString, SpanCollector.Settings, spans.AddTo);
        const string secretTitle = "SECRETTITLE7f3a";
        var token = Tokens.For("alice");
        using var client = app.CreateHttpClient(token);

        // The builtin agent turns the chat text into a task title: both travel through the model
        // client, the tool call and SQL parameters.
        using var chat = await client.PostJsonAsync("api/alice/chat", new { conversation_id = (Guid?)null, message = $"add {secretTitle}" });
        chat.EnsureSuccessStatusCode();
        var trace = await spans.FirstTraceAsync();
        using (var listed = await client.GetAsync("api/alice/tasks"))
        {
            Assert.That(await listed.Content.ReadAsStringAsync(), Does.Contain(secretTitle), "the turn stored the text this test looks for");
        }

        var metrics = await app.CreateHttpClient().GetStringAsync("metrics");

        var spanText = trace.SelectMany(Texts).ToList();
        Assert.That(trace.Select(s => s.DisplayName), Has.Some.EqualTo("execute_tool add_task"), "the tool call was traced");
        Assert.That(spanText, Has.None.Contains(secretTitle), "span names, tags, events and statuses never hold chat or task text");
        Assert.That(spanText, Has.None.Contains(token), "nor the bearer token");
        Assert.That(metrics, Does.Not.Contain(secretTitle).And.Not.Contain(token), "metric tags never hold them");
    }

    private static IEnumerable<string> Texts(Activity span) =>
        new[] { span.DisplayName, span.StatusDescription ?? string.Empty }
            .Concat(span.TagObjects.Select(t => $"{t.Key}={t.Value}"))
            .Concat(span.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name}:{t.Key}={t.Value}")))
            .Concat(span.Baggage.Select(b => $"{b.Key}={b.Value}"));
}
