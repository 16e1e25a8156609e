using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Replicas;

/// <summary>
/// History read from a real streaming standby (ConnectionStrings:TodoChatReplicas), never stale: with
/// its replay paused while chats append, every read is complete and current (the primary answers what
/// the standby lacks); with the standby stopped, reads go on within its connect timeout.
/// </summary>
[Category("Replication")]
public sealed class ReplicaReadTests
{
    private ReplicatedPostgres _cluster = null!;

    [OneTimeSetUp]
    public async Task StartClusterAsync() => _cluster = await ReplicatedPostgres.StartAsync();

    [OneTimeTearDown]
    public async Task StopClusterAsync() => await _cluster.DisposeAsync();

    [Test]
    public async Task ShouldReadCompleteAndCurrentHistoryWhileTheStandbysReplayIsPaused()
    {
        await using var app = App();
        const string User = "paused";
        using var client = app.CreateHttpClient(Tokens.For(User));
        var conversation = await ChatTurns.ConversationAsync(client, User, "add water the plants");
        await ChatTurns.AnswerAsync(client, User, "list my tasks", conversation);
        await _cluster.CaughtUpAsync();
        Assert.That(Seqs(await PageAsync(client, User, conversation, "?limit=1000")), Is.EqualTo(Enumerable.Range(1, 4)));
        var before = await ReplicaReadsAsync(app);
        Assert.That((long)before["served"]!, Is.GreaterThan(0), "a caught-up standby serves the read");

        await _cluster.PauseReplayAsync();
        try
        {
            for (var turn = 1; turn <= 4; turn++)
            {
                await ChatTurns.AnswerAsync(client, User, $"add chore {turn}", conversation);
                var count = 4 + (2 * turn);
                var all = await PageAsync(client, User, conversation, "?limit=1000");
                var newest = await PageAsync(client, User, conversation, "?order=desc&limit=2");
                var tail = await PageAsync(client, User, conversation, $"?offset={count - 3}&limit=50");
                using (Assert.EnterMultipleScope())
                {
                    Assert.That(Seqs(all), Is.EqualTo(Enumerable.Range(1, count)), "complete");
                    Assert.That(Seqs(newest), Is.EqualTo(new[] { count, count - 1 }), "current");
                    Assert.That((string?)newest["data"]![1]!["content"], Is.EqualTo($"add chore {turn}"));
                    Assert.That(Seqs(tail), Is.EqualTo(Enumerable.Range(count - 2, 3)));
                }
            }

            var paused = await ReplicaReadsAsync(app);
            Assert.That((long)paused["lagging"]! - (long)before["lagging"]!, Is.GreaterThanOrEqualTo(12), "every read the standby could not serve whole went to the primary");
        }
        finally
        {
            await _cluster.ResumeReplayAsync();
        }

        await _cluster.CaughtUpAsync();
        var servedBefore = (long)(await ReplicaReadsAsync(app))["served"]!;
        Assert.That(Seqs(await PageAsync(client, User, conversation, "?limit=1000")), Is.EqualTo(Enumerable.Range(1, 12)));
        Assert.That((long)(await ReplicaReadsAsync(app))["served"]!, Is.EqualTo(servedBefore + 1), "caught up again, the standby serves again");
    }

    [Test]
    public async Task ShouldKeepReadingWithinTheConnectTimeoutWhenTheStandbyStops()
    {
        await using var app = App();
        const string User = "stopped";
        using var client = app.CreateHttpClient(Tokens.For(User));
        var conversation = await ChatTurns.ConversationAsync(client, User, "add call the plumber");
        await _cluster.CaughtUpAsync();
        await PageAsync(client, User, conversation, "?limit=1000");

        await _cluster.StopStandbyAsync();
        try
        {
            var started = Stopwatch.GetTimestamp();
            var first = await PageAsync(client, User, conversation, "?limit=1000");
            var firstTook = Stopwatch.GetElapsedTime(started);
            for (var i = 0; i < 20; i++)
            {
                Assert.That(Seqs(await PageAsync(client, User, conversation, "?limit=1000")), Is.EqualTo(new[] { 1, 2 }));
            }

            var reads = await ReplicaReadsAsync(app);
            var hosts = (await HealthAsync(app))["database"]!["hosts"]!.AsArray();
            using (Assert.EnterMultipleScope())
            {
                Assert.That(Seqs(first), Is.EqualTo(new[] { 1, 2 }));
                Assert.That(firstTook, Is.LessThan(TimeSpan.FromSeconds(2 + 1)), "at most the standby's connect timeout (2 s)");
                Assert.That((long)reads["failed"]!, Is.EqualTo(1), "tried once, then the primary alone");
                Assert.That((string?)reads["primary_only_until"], Is.Not.Null);
                Assert.That(hosts.Select(h => ((string?)h!["configured_as"], (string?)h["state"])), Is.EquivalentTo(new[] { ("primary", "up"), ("replica", "down") }));
            }
        }
        finally
        {
            await _cluster.StartStandbyAsync();
        }
    }

    private TodoChatApp App() =>
        new(_cluster.PrimaryConnectionString, new Dictionary<string, string?>
        {
            ["ConnectionStrings:TodoChatReplicas"] = _cluster.StandbyConnectionString,

            // Every page from the database, so every read is one the standby may serve.
            ["Cache:HistoryPagesMegabytes"] = "0",
            ["Database:Replicas:RetryAfterSeconds"] = "600",
        });

    private static async Task<JsonNode> PageAsync(HttpClient client, string user, Guid conversation, string query)
    {
        using var response = await client.GetAsync(Support.Conversations.HistoryUri(user, conversation, query));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return await response.ReadJsonAsync();
    }

    private static int[] Seqs(JsonNode page) => Support.Conversations.Seqs(page);

    private static async Task<JsonNode> HealthAsync(TodoChatApp app)
    {
        using var client = app.CreateHttpClient();
        using var response = await client.GetAsync("health");
        return await response.ReadJsonAsync();
    }

    private static async Task<JsonNode> ReplicaReadsAsync(TodoChatApp app) => (await HealthAsync(app))["database"]!["replica_reads"]!;
}
