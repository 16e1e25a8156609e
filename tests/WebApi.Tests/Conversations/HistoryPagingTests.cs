using System.Net;
using TodoChat.WebApi.Tests.Support;
using static TodoChat.WebApi.Tests.Support.Conversations;

namespace TodoChat.WebApi.Tests.Conversations;

/// <summary>GET .../messages: limits, offsets, time filters and order, through HTTP.</summary>
public sealed class HistoryPagingTests : TestBase
{
    private const string User = "alice";

    [Test]
    public async Task ShouldReturnFiftyOldestMessagesByDefault()
    {
        var id = await SeedAsync(User, 150);
        using var client = ClientFor(User);

        using var response = await client.GetAsync(HistoryUri(User, id));

        var page = await response.ReadJsonAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((string?)page["conversation_id"], Is.EqualTo(id.ToString()));
            Assert.That(Seqs(page), Is.EqualTo(Enumerable.Range(1, 50)));
            Assert.That((int?)page["limit"], Is.EqualTo(50));
            Assert.That((int?)page["offset"], Is.Zero);
            Assert.That((bool?)page["has_more"], Is.True);
            Assert.That((string?)page["next_cursor"], Is.Not.Null.And.Not.Empty);
            var first = page["data"]![0]!;
            Assert.That((string?)first["role"], Is.EqualTo("user"));
            Assert.That((string?)page["data"]![1]!["role"], Is.EqualTo("assistant"));
            Assert.That(((string?)first["content"])!.Length, Is.InRange(150, 250));
            Assert.That((string?)first["created_at"], Does.EndWith("Z"));
            Assert.That(Guid.Parse((string)first["id"]!).Version, Is.EqualTo(7));
        }
    }

    [Test]
    public async Task ShouldPageAHundredAndFiftyMessagesWithOffsets()
    {
        var id = await SeedAsync(User, 150);
        using var client = ClientFor(User);

        var pages = new List<int[]>();
        foreach (var offset in new[] { 0, 50, 100 })
        {
            using var response = await client.GetAsync(HistoryUri(User, id, $"?offset={offset}"));
            var page = await response.ReadJsonAsync();
            pages.Add(Seqs(page));
            Assert.That((bool?)page["has_more"], Is.EqualTo(offset < 100), $"offset {offset}");
            Assert.That((int?)page["offset"], Is.EqualTo(offset));
        }

        Assert.That(pages.SelectMany(p => p), Is.EqualTo(Enumerable.Range(1, 150)), "every message once, in order");
    }

    [TestCase(1)]
    [TestCase(1000)]
    public async Task ShouldAcceptLimitAtItsBounds(int limit)
    {
        var id = await SeedAsync(User, 1_200);
        using var client = ClientFor(User);

        using var response = await client.GetAsync(HistoryUri(User, id, $"?limit={limit}"));

        var page = await response.ReadJsonAsync();
        Assert.That(Seqs(page), Is.EqualTo(Enumerable.Range(1, limit)));
        Assert.That((int?)page["limit"], Is.EqualTo(limit));
        Assert.That((bool?)page["has_more"], Is.True);
    }

    [Test]
    public async Task ShouldAnswerAnEmptyPageForAnOffsetPastTheEnd()
    {
        var id = await SeedAsync(User, 10);
        using var client = ClientFor(User);

        foreach (var offset in new[] { 10, 11, 5_000, int.MaxValue })
        {
            using var response = await client.GetAsync(HistoryUri(User, id, $"?offset={offset}"));
            var page = await response.ReadJsonAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(page["data"]!.AsArray(), Is.Empty, $"offset {offset}");
            Assert.That((bool?)page["has_more"], Is.False);
            Assert.That(page["next_cursor"], Is.Null);
        }
    }

    [Test]
    public async Task ShouldReturnTheExactLastPageAtADeepOffset()
    {
        var id = await SeedAsync(User, 3_000);
        using var client = ClientFor(User);

        using var response = await client.GetAsync(HistoryUri(User, id, "?offset=2950"));

        var page = await response.ReadJsonAsync();
        Assert.That(Seqs(page), Is.EqualTo(Enumerable.Range(2951, 50)));
        Assert.That((bool?)page["has_more"], Is.False);
    }

    [Test]
    public async Task ShouldAnswerAnEmptyConversationWithAnEmptyPage()
    {
        var id = await CreateAsync(User);
        using var client = ClientFor(User);

        using var response = await client.GetAsync(HistoryUri(User, id));

        var page = await response.ReadJsonAsync();
        Assert.That(page["data"]!.AsArray(), Is.Empty);
        Assert.That((bool?)page["has_more"], Is.False);
    }

    [Test]
    public async Task ShouldReturnNewestFirstWithOrderDesc()
    {
        var id = await SeedAsync(User, 120);
        using var client = ClientFor(User);

        using var first = await client.GetAsync(HistoryUri(User, id, "?order=desc&limit=10"));
        using var second = await client.GetAsync(HistoryUri(User, id, "?order=desc&limit=10&offset=10"));
        using var last = await client.GetAsync(HistoryUri(User, id, "?order=desc&limit=10&offset=115"));

        Assert.That(Seqs(await first.ReadJsonAsync()), Is.EqualTo(Enumerable.Range(111, 10).Reverse()));
        Assert.That(Seqs(await second.ReadJsonAsync()), Is.EqualTo(Enumerable.Range(101, 10).Reverse()));
        var lastPage = await last.ReadJsonAsync();
        Assert.That(Seqs(lastPage), Is.EqualTo(Enumerable.Range(1, 5).Reverse()));
        Assert.That((bool?)lastPage["has_more"], Is.False);
    }

    [Test]
    public async Task ShouldTreatBeforeAndAfterAsExclusiveBounds()
    {
        var id = await SeedAsync(User, 100);
        using var client = ClientFor(User);
        var times = await CreatedAtBySeqAsync(client, id);

        using var after = await client.GetAsync(HistoryUri(User, id, $"?after={Escape(times[90])}"));
        using var before = await client.GetAsync(HistoryUri(User, id, $"?before={Escape(times[5])}"));
        using var both = await client.GetAsync(HistoryUri(User, id, $"?after={Escape(times[10])}&before={Escape(times[20])}"));

        Assert.That(Seqs(await after.ReadJsonAsync()), Is.EqualTo(Enumerable.Range(91, 10)), "after message 90's time: 91..100");
        Assert.That(Seqs(await before.ReadJsonAsync()), Is.EqualTo(Enumerable.Range(1, 4)), "before message 5's time: 1..4");
        Assert.That(Seqs(await both.ReadJsonAsync()), Is.EqualTo(Enumerable.Range(11, 9)), "strictly between: 11..19");
    }

    [Test]
    public async Task ShouldApplyOffsetAfterTheTimeFiltersInBothOrders()
    {
        var id = await SeedAsync(User, 100);
        using var client = ClientFor(User);
        var times = await CreatedAtBySeqAsync(client, id);
        var window = $"after={Escape(times[10])}&before={Escape(times[40])}"; // 11..39

        using var asc = await client.GetAsync(HistoryUri(User, id, $"?{window}&offset=5&limit=10"));
        using var desc = await client.GetAsync(HistoryUri(User, id, $"?{window}&offset=5&limit=10&order=desc"));
        using var ascTail = await client.GetAsync(HistoryUri(User, id, $"?{window}&offset=25&limit=10"));

        Assert.That(Seqs(await asc.ReadJsonAsync()), Is.EqualTo(Enumerable.Range(16, 10)));
        Assert.That(Seqs(await desc.ReadJsonAsync()), Is.EqualTo(Enumerable.Range(25, 10).Reverse()));
        var tail = await ascTail.ReadJsonAsync();
        Assert.That(Seqs(tail), Is.EqualTo(Enumerable.Range(36, 4)));
        Assert.That((bool?)tail["has_more"], Is.False);
    }

    [Test]
    public async Task ShouldAcceptInstantsWithOffsetsAndDates()
    {
        var id = await SeedAsync(User, 10);
        using var client = ClientFor(User);
        var times = await CreatedAtBySeqAsync(client, id);
        var local = times[5].ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-ddTHH:mm:ss.ffffffzzz", System.Globalization.CultureInfo.InvariantCulture);

        using var withOffset = await client.GetAsync(HistoryUri(User, id, $"?after={Uri.EscapeDataString(local)}"));
        using var dateOnly = await client.GetAsync(HistoryUri(User, id, "?after=2000-01-01"));

        Assert.That(Seqs(await withOffset.ReadJsonAsync()), Is.EqualTo(Enumerable.Range(6, 5)));
        Assert.That(Seqs(await dateOnly.ReadJsonAsync()), Has.Length.EqualTo(10));
    }

    [Test]
    public async Task ShouldOrderTiesInTimeBySeq()
    {
        var id = await CreateAsync(User);
        for (var i = 0; i < 5; i++)
        {
            await AppendAsync(User, id, $"message {i}");
        }

        await Testing.ScalarAsync<int>($"WITH u AS (UPDATE messages SET created_at = '2026-01-01T00:00:00Z' WHERE conversation_id = '{id}' RETURNING 1) SELECT count(*)::int FROM u");
        using var client = ClientFor(User);

        using var asc = await client.GetAsync(HistoryUri(User, id));
        using var desc = await client.GetAsync(HistoryUri(User, id, "?order=desc"));

        Assert.That(Seqs(await asc.ReadJsonAsync()), Is.EqualTo(new[] { 1, 2, 3, 4, 5 }));
        Assert.That(Seqs(await desc.ReadJsonAsync()), Is.EqualTo(new[] { 5, 4, 3, 2, 1 }));
    }

    private static string Escape(DateTimeOffset instant) =>
        Uri.EscapeDataString(instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>created_at of each message by seq (index 0 unused), read from the API itself.</summary>
    private static async Task<DateTimeOffset[]> CreatedAtBySeqAsync(HttpClient client, Guid id)
    {
        using var response = await client.GetAsync(HistoryUri(User, id, "?limit=1000"));
        var data = (await response.ReadJsonAsync())["data"]!.AsArray();
        return [default, .. data.Select(m => DateTimeOffset.Parse((string)m!["created_at"]!, System.Globalization.CultureInfo.InvariantCulture))];
    }
}
