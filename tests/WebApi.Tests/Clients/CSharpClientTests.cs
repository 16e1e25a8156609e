using System.Net;
using System.Net.Http.Headers;
using TodoChat.Client;
using TodoChat.ClientGenerator;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Clients;

/// <summary>
/// The generated C# client (clients/csharp) against the running service: every call goes through the
/// OpenAPI document's description of it, so a wrong document fails here.
/// </summary>
public sealed class CSharpClientTests : TestBase
{
    private const string User = "alice";

    [Test]
    public async Task ShouldBeWhatTheGeneratorMakesFromTheCheckedInDocument()
    {
        var document = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "openapi", "todochat.v1.json"));
        var path = Path.Combine(Repository.Root, "clients", "csharp", "TodoChat.Client", "TodoChatClient.g.cs");

        var generated = await CSharpClient.GenerateAsync(document);

        Assert.That(
            (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n"),
            Is.EqualTo(generated),
            "clients/csharp is older than openapi/todochat.v1.json: run 'dotnet pwsh ./build.ps1 clients' and commit it.");
    }

    [Test]
    public async Task ShouldCreateReadUpdateCompleteAndDeleteATask()
    {
        using var http = Testing.App.CreateHttpClient(Tokens.For(User));
        var client = new TodoChatClient(http);

        var created = await client.CreateTaskAsync(User, new CreateTaskRequest { Title = "Buy milk", Description = "2 litres" });
        var id = created.Result.Id;
        Assert.That(created.StatusCode, Is.EqualTo(201));
        Assert.That(created.Headers["Location"].Single(), Does.EndWith($"/api/{User}/tasks/{id}"));

        var updated = await client.UpdateTaskAsync(User, id, new UpdateTaskRequest { Title = "Buy oat milk" });
        var completed = await client.CompleteTaskAsync(User, id);
        var pending = await client.ListTasksAsync(User, Status.Pending);
        var done = await client.ListTasksAsync(User, Status.Completed);
        await client.DeleteTaskAsync(User, id);
        var gone = Assert.ThrowsAsync<TodoChatApiException<ProblemDetails>>(() => client.GetTaskAsync(User, id));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(updated.Title, Is.EqualTo("Buy oat milk"));
            Assert.That(updated.Description, Is.Null, "PUT replaces: no description clears it");
            Assert.That(completed.Completed, Is.True);
            Assert.That(pending.Data, Is.Empty);
            Assert.That(done.Data.Select(t => t.Id), Is.EqualTo(new[] { id }));
            Assert.That(gone!.StatusCode, Is.EqualTo(404));
            Assert.That(gone.Result.Status, Is.EqualTo(404));
        }
    }

    [Test]
    public async Task ShouldChatPageWithTheCursorAndRevalidate()
    {
        using var http = Testing.App.CreateHttpClient(Tokens.For(User));
        var client = new TodoChatClient(http);

        var turn = await client.ChatAsync(User, new ChatRequest { Message = "add buy milk" });
        var conversation = turn.Result.ConversationId;
        for (var i = 0; i < 3; i++)
        {
            await client.ChatAsync(User, new ChatRequest { ConversationId = conversation, Message = "show my tasks" });
        }

        var seqs = new List<int>();
        string? cursor = null;
        string? etag = null;
        do
        {
            var page = await client.GetConversationHistoryAsync(User, conversation, limit: 3, cursor: cursor);
            seqs.AddRange(page.Result.Data.Select(m => m.Seq));
            cursor = page.Result.NextCursor;
            etag = page.Headers["ETag"].Single();
            Assert.That(page.Result.HasMore, Is.EqualTo(cursor is not null));
        }
        while (cursor is not null);

        var notModified = Assert.ThrowsAsync<TodoChatApiException>(() => client.GetConversationHistoryAsync(User, conversation, ifNoneMatch: etag));
        var list = await client.ListConversationsAsync(User);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(turn.Headers["ETag"].Single(), Does.StartWith("W/\""));
            Assert.That(turn.Result.ToolCalls.Select(c => c.Tool), Is.EqualTo(new[] { "add_task" }));
            Assert.That(seqs, Is.EqualTo(Enumerable.Range(1, 8)), "four turns, two messages each, in order");
            Assert.That(notModified!.StatusCode, Is.EqualTo(304));
            Assert.That(list.Data.Single().MessageCount, Is.EqualTo(8));
        }
    }

    [Test]
    public async Task ShouldSendAnIdempotencyKeyAndSeeTheReplay()
    {
        using var http = Testing.App.CreateHttpClient(Tokens.For(User));
        var client = new TodoChatClient(http);
        var key = Guid.NewGuid().ToString();

        var first = await client.CreateTaskAsync(User, new CreateTaskRequest { Title = "Buy milk" }, key);
        var again = await client.CreateTaskAsync(User, new CreateTaskRequest { Title = "Buy milk" }, key);

        Assert.That(again.Result.Id, Is.EqualTo(first.Result.Id));
        Assert.That(again.Headers["Idempotent-Replayed"].Single(), Is.EqualTo("true"));
        Assert.That((await client.ListTasksAsync(User)).Data, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ShouldSurfaceValidationAndAuthProblemsAsTypedExceptions()
    {
        using var http = Testing.App.CreateHttpClient(Tokens.For(User));
        var client = new TodoChatClient(http);
        using var anonymousHttp = Testing.App.CreateHttpClient();
        var anonymous = new TodoChatClient(anonymousHttp);
        var conversation = (await client.ChatAsync(User, new ChatRequest { Message = "hello" })).Result.ConversationId;

        var invalid = Assert.ThrowsAsync<TodoChatApiException<ValidationProblemDetails>>(() => client.GetConversationHistoryAsync(User, conversation, limit: 0));
        var unauthorized = Assert.ThrowsAsync<TodoChatApiException<ProblemDetails>>(() => anonymous.ListTasksAsync(User));
        var forbidden = Assert.ThrowsAsync<TodoChatApiException<ProblemDetails>>(() => client.ListTasksAsync("bob"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(invalid!.StatusCode, Is.EqualTo(400));
            Assert.That(invalid.Result.Errors!.Keys, Is.EquivalentTo(new[] { "limit" }));
            Assert.That(unauthorized!.StatusCode, Is.EqualTo(401));
            Assert.That(forbidden!.StatusCode, Is.EqualTo(403));
        }
    }
}
