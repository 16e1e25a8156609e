using System.Net;
using TodoChat.Application.Common.Exceptions;
using TodoChat.Infrastructure.Persistence;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Database;

/// <summary>
/// The main flows through a real PgBouncer 1.18 in transaction mode, with <c>Database:Pooler=pgbouncer-transaction</c>:
/// tasks, an idempotent retry, chat turns that add and list, history pages with their ETags, the
/// conversation list and a delete, many at once over fewer server connections than requests.
/// </summary>
public sealed class PgBouncerTests : TestBase
{
    [Test]
    public async Task ShouldServeTheMainFlowsThroughPgBouncerInTransactionMode()
    {
        await using var bouncer = await PgBouncer.StartAsync(Testing.Database.ConnectionString, serverConnections: 2);
        await using var app = new TodoChatApp(bouncer.ConnectionString, new Dictionary<string, string?>
        {
            ["Database:Pooler"] = "pgbouncer-transaction",
            ["Database:Pool:MaxSize"] = "4",
            ["Database:Pool:MinSize"] = "0",
            ["Database:MigrateOnStartup"] = "false",
        });
        using var alice = app.CreateHttpClient(Tokens.For("alice"));
        var key = Guid.NewGuid().ToString();

        using var created = await alice.PostJsonAsync("api/alice/tasks", new { title = "through the pooler" }, key);
        using var replayed = await alice.PostJsonAsync("api/alice/tasks", new { title = "through the pooler" }, key);
        var id = (int)(await created.ReadJsonAsync())["id"]!;
        using var updated = await alice.PutJsonAsync($"api/alice/tasks/{id}", new { title = "renamed through the pooler" });
        using var added = await alice.PostJsonAsync("api/alice/chat", new { conversation_id = (Guid?)null, message = "add buy stamps" });
        var conversation = (Guid)(await added.ReadJsonAsync())["conversation_id"]!;
        using var listed = await alice.PostJsonAsync("api/alice/chat", new { conversation_id = conversation, message = "list my tasks" });
        var page = Support.Conversations.HistoryUri("alice", conversation, "?limit=50");
        var tag = await Support.Conversations.ETagOfAsync(alice, page);
        using var revalidated = await Support.Conversations.RevalidateAsync(alice, page, tag);

        // Four client connections over two server connections, each statement run many times: a statement
        // prepared on one server connection would be missing (or taken) on the other.
        var burst = await Task.WhenAll(Enumerable.Range(0, 90).Select(i => (i % 3) switch
        {
            0 => alice.GetAsync(page),
            1 => alice.GetAsync("api/alice/tasks"),
            _ => alice.GetAsync("api/alice/conversations"),
        }));
        using var deleted = await alice.DeleteAsync($"api/alice/conversations/{conversation}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(replayed.Headers.GetValues("Idempotent-Replayed"), Is.EqualTo(new[] { "true" }));
            Assert.That(updated.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(added.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((string?)(await listed.ReadJsonAsync())["response"], Does.Contain("stamps").IgnoreCase);
            Assert.That(revalidated.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
            Assert.That(burst.Select(r => r.StatusCode), Has.All.EqualTo(HttpStatusCode.OK));
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks WHERE user_id = 'alice'"), Is.EqualTo(2), "one task by REST (once, for two requests) and one by chat");
        }

        burst.DisposeAll();
    }

    [Test]
    public void ShouldPrepareNoStatementsBehindPgBouncerAndRefuseAConnectionStringThatAsksTo()
    {
        var settings = ConnectionStrings.Build("Host=127.0.0.1;Database=todochat", new PoolOptions(), DatabaseOptions.PgBouncerTransaction);
        var refused = Assert.Throws<StartupException>(() => ConnectionStrings.Build("Host=127.0.0.1;Max Auto Prepare=20", new PoolOptions(), DatabaseOptions.PgBouncerTransaction));

        Assert.That(settings.MaxAutoPrepare, Is.Zero);
        Assert.That(refused!.Message, Does.Contain("Max Auto Prepare"));
    }
}
