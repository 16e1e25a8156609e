using System.Net;
using System.Text.Json.Nodes;
using TodoChat.WebApi.Tests.Support;
using static TodoChat.WebApi.Tests.Support.Conversations;

namespace TodoChat.WebApi.Tests.Chat;

/// <summary>The stateless cycle through HTTP with the builtin agent.</summary>
public sealed class ChatCycleTests : TestBase
{
    private const string User = "alice";
    private const string Chat = "api/alice/chat";

    [Test]
    public async Task ShouldManageTasksOverSeveralTurnsAndKeepEveryMessageOnceInOrder()
    {
        using var client = ClientFor(User);

        var first = await ChatTurns.AnswerAsync(client, User, "remind me to call mom tomorrow");
        var conversation = Guid.Parse((string)first["conversation_id"]!);
        await ChatTurns.AnswerAsync(client, User, "add buy milk", conversation);
        var listed = await ChatTurns.AnswerAsync(client, User, "what's left on my list?", conversation);
        var completed = await ChatTurns.AnswerAsync(client, User, "I finished the milk one", conversation);
        var renamed = await ChatTurns.AnswerAsync(client, User, "rename the mom task to Call mom on Sunday", conversation);
        var deleted = await ChatTurns.AnswerAsync(client, User, "delete the milk task", conversation);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)first["response"], Does.Contain("Call mom tomorrow"));
            Assert.That((string?)listed["response"], Does.Contain("Call mom tomorrow").And.Contain("Buy milk"));
            Assert.That((string?)completed["response"], Does.Contain("Buy milk").And.Contain("done"));
            Assert.That((string?)renamed["response"], Does.Contain("Call mom on Sunday"));
            Assert.That((string?)deleted["response"], Does.Contain("Deleted"));
        }

        using var tasks = await client.GetAsync("api/alice/tasks");
        var remaining = (await tasks.ReadJsonAsync())["data"]!.AsArray();
        Assert.That(remaining.Select(t => (string?)t!["title"]), Is.EqualTo(new[] { "Call mom on Sunday" }));

        using var history = await client.GetAsync(HistoryUri(User, conversation));
        var page = await history.ReadJsonAsync();
        var messages = page["data"]!.AsArray();
        Assert.That(Seqs(page), Is.EqualTo(Enumerable.Range(1, 12)));
        Assert.That(messages.Select(m => (string?)m!["role"]), Is.EqualTo(Enumerable.Range(0, 12).Select(i => i % 2 == 0 ? "user" : "assistant")));
        Assert.That(messages.Where(m => (string?)m!["role"] == "user").Select(m => (string?)m!["content"]), Is.EqualTo(new[]
        {
            "remind me to call mom tomorrow", "add buy milk", "what's left on my list?", "I finished the milk one",
            "rename the mom task to Call mom on Sunday", "delete the milk task",
        }));
        Assert.That(
            await Testing.ScalarAsync<string>($"SELECT tool_calls->0->>'tool' FROM messages WHERE conversation_id = '{conversation}' AND seq = 2"),
            Is.EqualTo("add_task"),
            "the assistant message keeps its turn's tool calls");
    }

    [Test]
    public async Task ShouldShowNothingOfItToAnotherUser()
    {
        using var alice = ClientFor(User);
        var turn = await ChatTurns.AnswerAsync(alice, User, "add buy milk");
        var conversation = Guid.Parse((string)turn["conversation_id"]!);
        using var bob = ClientFor("bob");

        using var bobsHistory = await bob.GetAsync(HistoryUri("bob", conversation));
        using var bobsTasks = await bob.GetAsync("api/bob/tasks");
        using var bobsChat = await bob.PostJsonAsync("api/bob/chat", new { conversation_id = conversation, message = "show my tasks" });
        using var bobsList = await bob.GetAsync("api/bob/conversations");

        await bobsHistory.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.That((await bobsTasks.ReadJsonAsync())["data"]!.AsArray(), Is.Empty);
        await bobsChat.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.That((await bobsList.ReadJsonAsync())["data"]!.AsArray(), Is.Empty);
        Assert.That(await Testing.ScalarAsync<long>($"SELECT count(*) FROM messages WHERE conversation_id = '{conversation}'"), Is.EqualTo(2), "bob's attempt stored nothing");
    }

    [Test]
    public async Task ShouldNeverLetTheAgentReachAnotherUsersTasks()
    {
        using var bob = ClientFor("bob");
        using var created = await bob.PostJsonAsync("api/bob/tasks", new { title = "Bob's secret plan" });
        var bobsTask = (int)(await created.ReadJsonAsync())["id"]!;
        using var alice = ClientFor(User);

        var delete = await ChatTurns.AnswerAsync(alice, User, $"delete task {bobsTask}");
        var complete = await ChatTurns.AnswerAsync(alice, User, "complete the secret plan");

        Assert.That((string?)delete["response"], Does.Contain("couldn't find"));
        Assert.That((string?)complete["response"], Does.Contain("couldn't find"));
        using var stillThere = await bob.GetAsync($"api/bob/tasks/{bobsTask}");
        Assert.That((bool?)(await stillThere.ReadJsonAsync())["completed"], Is.False);
    }

    [Test]
    public async Task ShouldAnswerWithTheContractsHeadersAndTheConversationsNewETag()
    {
        using var client = ClientFor(User);

        using var response = await client.PostJsonAsync(Chat, new { conversation_id = (Guid?)null, message = "add buy milk" });
        var conversation = (string)(await response.ReadJsonAsync())["conversation_id"]!;
        using var state = await client.GetAsync($"api/alice/conversations/{conversation}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.Headers.CacheControl?.NoCache, Is.True);
            Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
            Assert.That(response.Headers.CacheControl?.MustRevalidate, Is.True);
            Assert.That(response.Headers.Pragma.ToString(), Is.EqualTo("no-cache"));
            Assert.That(response.Content.Headers.TryGetValues("Expires", out var expires) ? string.Join(",", expires) : null, Is.EqualTo("0"));
            Assert.That(response.Headers.ETag?.ToString(), Is.EqualTo(state.Headers.ETag?.ToString()));
        }
    }

    [Test]
    public async Task ShouldTitleANewConversationWithTheFirstWords()
    {
        using var client = ClientFor(User);

        var turn = await ChatTurns.AnswerAsync(client, User, "please remind me to pick up the dry cleaning on the way home tonight");
        using var conversation = await client.GetAsync($"api/alice/conversations/{turn["conversation_id"]}");

        Assert.That((string?)(await conversation.ReadJsonAsync())["title"], Is.EqualTo("please remind me to pick up the dry…"), "its first eight words");
    }

    [Test]
    public async Task ShouldKeepNothingInTheServiceBetweenRequests()
    {
        using var client = ClientFor(User);
        var turn = await ChatTurns.AnswerAsync(client, User, "add water the plants");
        var conversation = Guid.Parse((string)turn["conversation_id"]!);

        // Another instance of the service, as after a restart, carries on the same conversation.
        await using var restarted = new TodoChatApp(Testing.Database.ConnectionString);
        using var other = restarted.CreateHttpClient(Tokens.For(User));
        var next = await ChatTurns.AnswerAsync(other, User, "I finished the plants one", conversation);

        Assert.That((string?)next["response"], Does.Contain("Water the plants"));
        Assert.That(await Testing.ScalarAsync<int>($"SELECT message_count FROM conversations WHERE id = '{conversation}'"), Is.EqualTo(4));
    }

    [Test]
    public async Task ShouldAnswer404ForAnUnknownConversationAndStoreNothing()
    {
        using var client = ClientFor(User);

        using var response = await client.PostJsonAsync(Chat, new { conversation_id = Guid.CreateVersion7(), message = "add buy milk" });

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks"), Is.Zero);
    }

    [TestCase("{\"message\":", "message")]
    [TestCase("not json at all", "body")]
    [TestCase("{}", "message")]
    [TestCase("{\"conversation_id\":null}", "message")]
    [TestCase("{\"message\":\"   \\n\\t \"}", "message")]
    [TestCase("{\"message\":\"\"}", "message")]
    [TestCase("{\"message\":42}", "message")]
    [TestCase("{\"message\":\"hi\",\"conversation_id\":\"not-a-uuid\"}", "conversation_id")]
    [TestCase("{\"message\":\"hi\",\"conversation_id\":\"00000000-0000-0000-0000-000000000000\"}", "conversation_id")]
    public async Task ShouldRejectABadChatRequest(string body, string field)
    {
        using var client = ClientFor(User);

        using var response = await client.SendRawJsonAsync(HttpMethod.Post, Chat, body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM conversations"), Is.Zero);
    }

    [Test]
    public async Task ShouldAcceptTenThousandCharactersAndRejectOneMore()
    {
        using var client = ClientFor(User);

        using var accepted = await client.PostJsonAsync(Chat, new { conversation_id = (Guid?)null, message = "add " + new string('x', 9_996) });
        using var rejected = await client.PostJsonAsync(Chat, new { conversation_id = (Guid?)null, message = "add " + new string('x', 9_997) });

        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await rejected.AssertProblemAsync(HttpStatusCode.BadRequest, "message");
    }

    [Test]
    public async Task ShouldRejectAMegabyteBodyWith413()
    {
        using var client = ClientFor(User);

        using var response = await client.SendRawJsonAsync(HttpMethod.Post, Chat, "{\"message\":\"" + new string('x', 1_000_000) + "\"}");

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM messages"), Is.Zero);
    }
}
