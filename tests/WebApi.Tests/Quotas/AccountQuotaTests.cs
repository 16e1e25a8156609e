using System.Net;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Quotas;

/// <summary>Api:TasksPerUser and Api:ConversationsPerUser: beyond them 409 with the quota's problem type, and nothing stored.</summary>
public sealed class AccountQuotaTests : TestBase
{
    [Test]
    public async Task ShouldRefuseATaskBeyondTheQuotaWith409()
    {
        await using var app = AppWith("Api:TasksPerUser", "3");
        using var alice = app.CreateHttpClient(Tokens.For("alice"));
        using var bob = app.CreateHttpClient(Tokens.For("bob"));
        for (var i = 0; i < 3; i++)
        {
            (await alice.PostJsonAsync("api/alice/tasks", new { title = $"task {i}" })).EnsureSuccessStatusCode();
        }

        using var refused = await alice.PostJsonAsync("api/alice/tasks", new { title = "one too many" }, Guid.NewGuid().ToString());
        using var others = await bob.PostJsonAsync("api/bob/tasks", new { title = "bob's first" });

        var problem = await refused.AssertProblemAsync(HttpStatusCode.Conflict);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)problem["type"], Is.EqualTo("urn:todochat:problem:task-quota"));
            Assert.That((string?)problem["detail"], Does.Contain("3 tasks"));
            Assert.That(others.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the quota is per user");
            Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks WHERE user_id = 'alice'"), Is.EqualTo(3));
            Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM idempotency_records"), Is.Zero, "a refusal is not remembered");
        }

        var id = (int)(await (await alice.GetAsync("api/alice/tasks?limit=1")).ReadJsonAsync())["data"]![0]!["id"]!;
        (await alice.DeleteAsync($"api/alice/tasks/{id}")).EnsureSuccessStatusCode();
        using var afterDelete = await alice.PostJsonAsync("api/alice/tasks", new { title = "room again" });
        Assert.That(afterDelete.StatusCode, Is.EqualTo(HttpStatusCode.Created), "deleting makes room");
    }

    [Test]
    public async Task ShouldTellTheAgentInsteadOfFailingTheTurnWhenTheTaskQuotaIsReached()
    {
        await using var app = AppWith("Api:TasksPerUser", "2");
        using var client = app.CreateHttpClient(Tokens.For("alice"));

        using var response = await client.PostJsonAsync("api/alice/chat", new { conversation_id = (Guid?)null, message = "add milk, eggs and bread" });

        var turn = await response.ReadJsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), turn.ToJsonString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(turn["tool_calls"]!.AsArray().Select(c => (string?)c!["result"]!["status"]), Is.EqualTo(new[] { "created", "created", "quota_exceeded" }));
            Assert.That((string?)turn["response"], Does.Contain("2 tasks, the most an account may hold"));
            Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks"), Is.EqualTo(2));
        }
    }

    [Test]
    public async Task ShouldRefuseANewConversationBeyondTheQuotaWith409ButContinueOldOnes()
    {
        await using var app = AppWith("Api:ConversationsPerUser", "2");
        using var client = app.CreateHttpClient(Tokens.For("alice"));
        var ids = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var started = await client.PostJsonAsync("api/alice/chat", new { conversation_id = (Guid?)null, message = "hello" });
            ids.Add((string)(await started.ReadJsonAsync())["conversation_id"]!);
        }

        using var refused = await client.PostJsonAsync("api/alice/chat", new { conversation_id = (Guid?)null, message = "add buy milk" });
        using var continued = await client.PostJsonAsync("api/alice/chat", new { conversation_id = ids[0], message = "hello again" });

        var problem = await refused.AssertProblemAsync(HttpStatusCode.Conflict);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)problem["type"], Is.EqualTo("urn:todochat:problem:conversation-quota"));
            Assert.That(continued.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM conversations"), Is.EqualTo(2));
            Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks"), Is.Zero, "the refused turn applied nothing");
        }
    }

    [Test]
    public async Task ShouldDefaultToTenThousandTasks()
    {
        await TaskRows.InsertAsync("alice", 10_000);
        using var client = ClientFor("alice");

        using var refused = await client.PostJsonAsync("api/alice/tasks", new { title = "10,001st" });

        var problem = await refused.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.That((string?)problem["detail"], Does.Contain("10,000 tasks"));
    }

    private static TodoChatApp AppWith(string key, string value) =>
        new(Testing.Database.ConnectionString, new Dictionary<string, string?> { [key] = value });
}
