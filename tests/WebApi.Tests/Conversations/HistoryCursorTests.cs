using System.Net;
using TodoChat.WebApi.Tests.Support;
using static TodoChat.WebApi.Tests.Support.Conversations;

namespace TodoChat.WebApi.Tests.Conversations;

/// <summary>Cursor paging: opaque, tamper-evident, tied to its query, exact under concurrent appends.</summary>
public sealed class HistoryCursorTests : TestBase
{
    private const string User = "alice";

    [Test]
    public async Task ShouldWalkEveryMessageExactlyOnceWhileMessagesAreAppended()
    {
        var id = await SeedAsync(User, 1_000);
        using var client = ClientFor(User);

        // Between every two pages, a writer appends: each page is read after the appends that came
        // before it, deterministically, with no timing involved.
        var appended = 0;
        var seen = await WalkAsync(client, id, "?limit=37", async () =>
        {
            await AppendAsync(User, id, $"live {appended}");
            await AppendAsync(User, id, $"live {appended + 1}");
            appended += 2;
        });

        Assert.That(appended, Is.GreaterThan(0), "messages were appended while the walk was under way");
        Assert.That(seen, Is.Unique, "no message twice");
        Assert.That(seen, Is.EqualTo(Enumerable.Range(1, 1_000 + appended)), "every message in order, the appended ones too, none skipped");
    }

    [Test]
    public async Task ShouldWalkNewestFirstFromWhereItStartedWhileMessagesAreAppended()
    {
        var id = await SeedAsync(User, 300);
        using var client = ClientFor(User);

        var seen = await WalkAsync(client, id, "?order=desc&limit=40", () => AppendAsync(User, id, "live"));

        Assert.That(seen, Is.EqualTo(Enumerable.Range(1, 300).Reverse()), "a newest-first walk continues below where it started");
    }

    [Test]
    public async Task ShouldWalkBackwardsWithOrderDesc()
    {
        var id = await SeedAsync(User, 95);
        using var client = ClientFor(User);

        var seen = await WalkAsync(client, id, "?order=desc&limit=10");

        Assert.That(seen, Is.EqualTo(Enumerable.Range(1, 95).Reverse()));
    }

    [Test]
    public async Task ShouldKeepTheTimeFiltersAlongACursorWalk()
    {
        var id = await SeedAsync(User, 60);
        using var client = ClientFor(User);
        using var all = await client.GetAsync(HistoryUri(User, id, "?limit=60"));
        var data = (await all.ReadJsonAsync())["data"]!.AsArray();
        var after = Uri.EscapeDataString((string)data[9]!["created_at"]!);
        var before = Uri.EscapeDataString((string)data[40]!["created_at"]!);

        var seen = await WalkAsync(client, id, $"?after={after}&before={before}&limit=7");

        Assert.That(seen, Is.EqualTo(Enumerable.Range(11, 30)));
    }

    [Test]
    public async Task ShouldRejectATamperedCursor()
    {
        using var client = ClientFor(User);
        var (id, cursor) = await SeedAndPageOnceAsync(client);

        var bytes = System.Buffers.Text.Base64Url.DecodeFromChars(cursor);
        bytes[^20] ^= 0x01; // a bit of the position
        var edited = System.Buffers.Text.Base64Url.EncodeToString(bytes);
        var truncated = cursor[..^4];

        foreach (var bad in new[] { edited, truncated, cursor + "AA", "AAAA" })
        {
            await client.AssertGetRejectedAsync(HistoryUri(User, id, $"?limit=5&cursor={bad}"), "cursor");
        }
    }

    [TestCase("?limit=5&order=desc", "cursor")]
    [TestCase("?limit=5&after=2000-01-01T00:00:00Z", "cursor")]
    [TestCase("?limit=5&before=2100-01-01T00:00:00Z", "cursor")]
    [TestCase("?limit=5&offset=5", "offset")]
    public async Task ShouldRejectACursorSentWithAnotherQuery(string otherQuery, string parameter)
    {
        using var client = ClientFor(User);
        var (id, cursor) = await SeedAndPageOnceAsync(client);

        await client.AssertGetRejectedAsync(HistoryUri(User, id, $"{otherQuery}&cursor={cursor}"), parameter);
    }

    [Test]
    public async Task ShouldAllowADifferentLimitWithACursor()
    {
        using var client = ClientFor(User);
        var (id, cursor) = await SeedAndPageOnceAsync(client);

        using var response = await client.GetAsync(HistoryUri(User, id, $"?limit=3&cursor={cursor}"));

        Assert.That(Seqs(await response.ReadJsonAsync()), Is.EqualTo(new[] { 6, 7, 8 }));
    }

    [Test]
    public async Task ShouldRejectACursorOfAnotherConversation()
    {
        using var client = ClientFor(User);
        var (_, cursor) = await SeedAndPageOnceAsync(client);
        var other = await SeedAsync(User, 20);

        await client.AssertGetRejectedAsync(HistoryUri(User, other, $"?limit=5&cursor={cursor}"), "cursor");
    }

    /// <summary>Every seq of a cursor walk from the first page of <paramref name="query"/> to the last.</summary>
    private static async Task<List<int>> WalkAsync(HttpClient client, Guid id, string query, Func<Task>? betweenPages = null)
    {
        var seen = new List<int>();
        string? cursor = null;
        for (var pages = 0; pages < 1_000; pages++)
        {
            if (pages > 0 && betweenPages is not null)
            {
                await betweenPages();
            }

            using var response = await client.GetAsync(HistoryUri(User, id, query + (cursor is null ? "" : $"&cursor={cursor}")));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
            var page = await response.ReadJsonAsync();
            seen.AddRange(Seqs(page));
            cursor = (string?)page["next_cursor"];
            Assert.That(cursor is not null, Is.EqualTo((bool)page["has_more"]!), "next_cursor exactly when has_more");
            if (cursor is null)
            {
                return seen;
            }
        }

        throw new AssertionException("the walk did not end within 1,000 pages");
    }

    /// <summary>A new conversation of 20 messages, and the cursor its first page of 5 ends with.</summary>
    private static async Task<(Guid Id, string Cursor)> SeedAndPageOnceAsync(HttpClient client)
    {
        var id = await SeedAsync(User, 20);
        using var response = await client.GetAsync(HistoryUri(User, id, "?limit=5"));
        return (id, (string?)(await response.ReadJsonAsync())["next_cursor"] ?? throw new AssertionException("expected a next_cursor"));
    }
}
