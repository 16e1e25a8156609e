using System.Net;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using TodoChat.Application.Tasks.Commands.CreateTask;
using TodoChat.WebApi.Tests.Support;
using ValidationException = TodoChat.Application.Common.Exceptions.ValidationException;

namespace TodoChat.WebApi.Tests.Text;

/// <summary>
/// Every text field follows the same rules: no C0 control character but tab, line feed and carriage
/// return; no unpaired surrogate. Broken, it is a 400 naming the field, and nothing is stored.
/// </summary>
public sealed class HostileTextTests : TestBase
{
    private const string Tasks = "api/alice/tasks";

    public static IEnumerable<TestCaseData> Controls =>
        new[] { '\0', '\u0001', '\u0008', '\u000B', '\u001B', '\u001F' }
            .Select(c => new TestCaseData(c.ToString()).SetArgDisplayNames($"U+{(int)c:X4}"));

    [TestCaseSource(nameof(Controls))]
    public async Task ShouldRejectControlCharactersInANewTask(string control)
    {
        using var client = ClientFor("alice");

        using var title = await client.PostJsonAsync(Tasks, new { title = $"a{control}b" });
        using var description = await client.PostJsonAsync(Tasks, new { title = "ok", description = $"a{control}b" });

        await title.AssertProblemAsync(HttpStatusCode.BadRequest, "title");
        await description.AssertProblemAsync(HttpStatusCode.BadRequest, "description");
        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks"), Is.Zero);
    }

    [TestCaseSource(nameof(Controls))]
    public async Task ShouldRejectControlCharactersInAChangedTask(string control)
    {
        using var client = ClientFor("alice");
        using var created = await client.PostJsonAsync(Tasks, new { title = "Original", description = "notes" });
        var id = (int)(await created.ReadJsonAsync())["id"]!;

        using var title = await client.PutJsonAsync($"{Tasks}/{id}", new { title = $"x{control}" });
        using var description = await client.PutJsonAsync($"{Tasks}/{id}", new { title = "x", description = $"{control}" });

        await title.AssertProblemAsync(HttpStatusCode.BadRequest, "title");
        await description.AssertProblemAsync(HttpStatusCode.BadRequest, "description");
        Assert.That(await Testing.ScalarAsync<string>("SELECT title || '|' || description FROM tasks"), Is.EqualTo("Original|notes"));
    }

    [TestCaseSource(nameof(Controls))]
    public async Task ShouldRejectControlCharactersInAChatMessage(string control)
    {
        using var client = ClientFor("alice");

        using var response = await client.PostJsonAsync("api/alice/chat", new { conversation_id = (Guid?)null, message = $"add milk{control}" });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "message");
        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM conversations"), Is.Zero);
        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks"), Is.Zero);
    }

    [Test]
    public async Task ShouldKeepTabsNewlinesAndCarriageReturnsAsSent()
    {
        using var client = ClientFor("alice");

        using var response = await client.PostJsonAsync(Tasks, new { title = "a\tb", description = "line 1\r\nline 2\n" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await Testing.ScalarAsync<string>("SELECT title || '|' || description FROM tasks"), Is.EqualTo("a\tb|line 1\r\nline 2"));
    }

    [Test]
    public void ShouldRejectLoneSurrogatesInTheUseCases()
    {
        // JSON cannot carry one (the body is refused as malformed), but every use case checks anyway.
        var title = Assert.ThrowsAsync<ValidationException>(() => Testing.SendAsync(new CreateTaskCommand("alice", "half \ud83d", null)));
        var description = Assert.ThrowsAsync<ValidationException>(() => Testing.SendAsync(new CreateTaskCommand("alice", "ok", "\ude00 half")));

        Assert.That(title!.Errors.Keys, Is.EqualTo(new[] { "Title" }));
        Assert.That(description!.Errors.Keys, Is.EqualTo(new[] { "Description" }));
    }

    [Test]
    public async Task ShouldRejectAnEscapedLoneSurrogateInJsonAsMalformed()
    {
        using var client = ClientFor("alice");

        using var response = await client.SendRawJsonAsync(HttpMethod.Post, Tasks, "{\"title\":\"half \\ud83d\"}");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "title");
    }

    [TestCase("POST", "api/alice/tasks", "{\"title\":\"a\"}")]
    [TestCase("POST", "api/alice/chat", "{\"message\":\"a\"}")]
    [TestCase("PUT", "api/alice/tasks/1", "{\"title\":\"a\"}")]
    public async Task ShouldRejectABodyThatIsNotTextInItsDeclaredCharset(string method, string uri, string json)
    {
        // UTF-8 bytes of odd length declared as UTF-16 cannot be decoded (other charsets, UTF-32 say, get 415).
        using var client = ClientFor("alice");
        var bytes = System.Text.Encoding.UTF8.GetBytes(json);
        Assert.That(bytes.Length % 2, Is.EqualTo(1), "an odd number of bytes");
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json; charset=utf-16");

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), uri) { Content = content });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "body");
        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks"), Is.Zero);
        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM conversations"), Is.Zero);
    }

    [TestCase("😀")]
    [TestCase("👨‍👩‍👧")]
    [TestCase("🇳🇴")]
    public async Task ShouldTitleAConversationWithoutSplittingACharacter(string emoji)
    {
        using var client = ClientFor("alice");
        var first = new string('a', 79) + emoji + "b";

        using var response = await client.PostJsonAsync("api/alice/chat", new { conversation_id = (Guid?)null, message = first + " more words here" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var title = await Testing.ScalarAsync<string>("SELECT title FROM conversations");
        Assert.That(title, Is.EqualTo(new string('a', 79) + "…"), "cut before the character that did not fit whole");
    }

    [Test]
    public async Task ShouldAnswer400AndLogNoErrorWhenTheDatabaseRefusesText()
    {
        // The net under the rules: with a validator that checks nothing, PostgreSQL itself refuses NUL (22021).
        var sink = new LogSink();
        await using var app = new TodoChatApp(
            Testing.Database.ConnectionString,
            new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Information", ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Information" },
            services =>
            {
                services.RemoveAll<IValidator<CreateTaskCommand>>();
                services.AddSingleton<IValidator<CreateTaskCommand>>(new InlineValidator<CreateTaskCommand>());
                services.AddSingleton<ILoggerProvider>(sink);
            });
        using var client = app.CreateHttpClient(Tokens.For("alice"));

        using var response = await client.PostJsonAsync(Tasks, new { title = "nul \0 inside" });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "body");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sink.Lines, Has.None.StartsWith("Error").And.None.StartsWith("Critical"), "client input is no error of ours");
            Assert.That(sink.Lines, Has.None.Contains("   at "), "no stack trace");
            Assert.That(sink.Lines, Has.Some.Contains("Unstorable text"));
            Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks"), Is.Zero);
        }
    }
}
