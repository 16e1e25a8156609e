using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Sync;

/// <summary>GET /api/{user_id}/sync: from nothing, then from a token after appends and a delete (ADR-015).</summary>
public sealed class SyncTests : TestBase
{
    [Test]
    public async Task ShouldSyncFromNothingThenOnlyWhatChangedSinceTheToken()
    {
        using var client = ClientFor("alice");
        var kept = await ChatTurns.ConversationAsync(client, "alice", "add buy milk");
        var dropped = await ChatTurns.ConversationAsync(client, "alice", "add call mom");

        var first = await SyncAsync(client, null);
        Assert.That(Ids(first), Is.EquivalentTo(new[] { kept, dropped }));
        Assert.That(first["conversations"]!.AsArray().Select(c => Seqs(c!)), Has.All.EqualTo(new[] { 1, 2 }));
        Assert.That(first["deleted"]!.AsArray(), Is.Empty);
        Assert.That((bool?)first["has_more"], Is.False);

        await ChatTurns.AnswerAsync(client, "alice", "what's left on my list?", kept);
        var started = await ChatTurns.ConversationAsync(client, "alice", "add pay rent");
        (await client.DeleteAsync($"api/alice/conversations/{dropped}")).Dispose();

        var second = await SyncAsync(client, (string)first["next_token"]!);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Ids(second), Is.EqualTo(new[] { kept, started }), "oldest change first; the deleted one is not among them");
            Assert.That(Seqs(second["conversations"]![0]!), Is.EqualTo(new[] { 3, 4 }), "only the messages added since the token");
            Assert.That(Seqs(second["conversations"]![1]!), Is.EqualTo(new[] { 1, 2 }));
            Assert.That(second["deleted"]!.AsArray().Select(d => (Guid)d!["id"]!), Is.EqualTo(new[] { dropped }), "a tombstone");
            Assert.That((bool?)second["has_more"], Is.False);
        }

        // Current: an empty answer, and 304 for its ETag.
        var token = (string)second["next_token"]!;
        using var current = await client.GetAsync($"api/alice/sync?since={Uri.EscapeDataString(token)}");
        var empty = await current.ReadJsonAsync();
        Assert.That(empty["conversations"]!.AsArray(), Is.Empty);
        Assert.That(empty["deleted"]!.AsArray(), Is.Empty);
        Assert.That((string?)empty["next_token"], Is.EqualTo(token));
        using var notModified = await Support.Conversations.RevalidateAsync(client, $"api/alice/sync?since={Uri.EscapeDataString(token)}", current.Headers.ETag!.ToString());
        Assert.That(notModified.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
    }

    [Test]
    public async Task ShouldNotLoseAWriteThatCommitsAfterASyncReadWhileItWasInFlight()
    {
        using var client = ClientFor("alice");
        var conversation = await ChatTurns.ConversationAsync(client, "alice", "add buy milk");
        var token = (string)(await SyncAsync(client, null))["next_token"]!;

        // A write in flight, as a turn's commit is: it has taken its stamp (the counter row stays
        // locked) and changed the conversation, but has not committed yet.
        await using var writer = new NpgsqlConnection(Testing.Database.ConnectionString);
        await writer.OpenAsync();
        await using var transaction = await writer.BeginTransactionAsync();
        await using (var write = new NpgsqlCommand(
            "WITH s AS (UPDATE sync_counters SET value = value + 1 WHERE user_id = 'alice' RETURNING value) " +
            "UPDATE conversations SET sync_stamp = (SELECT value FROM s), title = 'renamed in flight' WHERE user_id = 'alice'",
            writer,
            transaction))
        {
            Assert.That(await write.ExecuteNonQueryAsync(), Is.EqualTo(1));
        }

        var during = await SyncAsync(client, token);
        await transaction.CommitAsync();
        var after = await SyncAsync(client, (string)during["next_token"]!);

        Assert.That(during["conversations"]!.AsArray(), Is.Empty, "not committed yet: not seen");
        Assert.That(Ids(after), Is.EqualTo(new[] { conversation }), "the token handed out meanwhile does not skip it");
        Assert.That((string?)after["conversations"]![0]!["conversation"]!["title"], Is.EqualTo("renamed in flight"));
    }

    [Test]
    public async Task ShouldBoundEachAnswerAndSayThereIsMore()
    {
        using var client = ClientFor("alice");
        var token = (string)(await SyncAsync(client, null))["next_token"]!;
        var made = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            made.Add(await ChatTurns.ConversationAsync(client, "alice", $"add task {i}"));
        }

        var seen = new List<Guid>();
        var calls = 0;
        JsonNode page;
        do
        {
            page = await SyncAsync(client, token, limit: 2);
            seen.AddRange(Ids(page));
            token = (string)page["next_token"]!;
            calls++;
        }
        while ((bool)page["has_more"]!);

        Assert.That(seen, Is.EqualTo(made));
        Assert.That(calls, Is.EqualTo(2));
    }

    [Test]
    public async Task ShouldNotShowAnotherUsersChanges()
    {
        using var alice = ClientFor("alice");
        using var bob = ClientFor("bob");
        await ChatTurns.AnswerAsync(alice, "alice", "add buy milk");

        var page = await SyncAsync(bob, null, user: "bob");

        Assert.That(page["conversations"]!.AsArray(), Is.Empty);
    }

    [TestCase("since=not-a-token", "since")]
    [TestCase("since=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "since")]
    [TestCase("limit=0", "limit")]
    [TestCase("limit=101", "limit")]
    public async Task ShouldRejectBadSyncParameters(string query, string parameter)
    {
        using var client = ClientFor("alice");
        await client.AssertGetRejectedAsync($"api/alice/sync?{query}", parameter);
    }

    private static async Task<JsonNode> SyncAsync(HttpClient client, string? since, int? limit = null, string user = "alice")
    {
        var query = new List<string>();
        if (since is not null)
        {
            query.Add("since=" + Uri.EscapeDataString(since));
        }

        if (limit is not null)
        {
            query.Add($"limit={limit}");
        }

        using var response = await client.GetAsync($"api/{user}/sync" + (query.Count > 0 ? "?" + string.Join('&', query) : ""));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    private static IEnumerable<Guid> Ids(JsonNode page) => page["conversations"]!.AsArray().Select(c => (Guid)c!["conversation"]!["id"]!).ToList();

    private static int[] Seqs(JsonNode synced) => synced["messages"]!.AsArray().Select(m => (int)m!["seq"]!).ToArray();
}
