using TodoChat.WebApi.Tests.Support;
using static TodoChat.WebApi.Tests.Support.Conversations;

namespace TodoChat.WebApi.Tests.Conversations;

/// <summary>
/// Pages without time filters are read from cached blocks of 100 positions: any page, wherever it
/// starts and however many blocks it spans, is exactly the messages the database holds there.
/// </summary>
public sealed class HistoryBlockTests : TestBase
{
    private const string User = "alice";

    [Test]
    public async Task ShouldServeEveryOffsetAcrossBlockBoundariesInBothOrders()
    {
        const int count = 250;
        var id = await SeedAsync(User, count);
        using var client = ClientFor(User);

        foreach (var (offset, limit) in new[] { (0, 100), (95, 10), (99, 1), (100, 1), (150, 100), (199, 2), (245, 50), (0, 250), (1, 1000) })
        {
            using var asc = await client.GetAsync(HistoryUri(User, id, $"?offset={offset}&limit={limit}"));
            var ascending = await asc.ReadJsonAsync();
            var expected = Enumerable.Range(offset + 1, Math.Min(limit, count - offset)).ToArray();
            Assert.That(Seqs(ascending), Is.EqualTo(expected), $"asc offset {offset} limit {limit}");
            Assert.That((bool?)ascending["has_more"], Is.EqualTo(offset + limit < count), $"asc has_more at {offset}/{limit}");

            using var desc = await client.GetAsync(HistoryUri(User, id, $"?order=desc&offset={offset}&limit={limit}"));
            Assert.That(Seqs(await desc.ReadJsonAsync()), Is.EqualTo(expected.Select(s => count + 1 - s)), $"desc offset {offset} limit {limit}");
        }
    }

    [Test]
    public async Task ShouldMatchTheDatabaseContentForACachedBlock()
    {
        var id = await SeedAsync(User, 120);
        using var client = ClientFor(User);
        using (var warm = await client.GetAsync(HistoryUri(User, id, "?offset=90&limit=20")))
        {
            warm.EnsureSuccessStatusCode();
        }

        using var page = await client.GetAsync(HistoryUri(User, id, "?offset=95&limit=10"));
        var data = (await page.ReadJsonAsync())["data"]!.AsArray();

        for (var i = 0; i < data.Count; i++)
        {
            var seq = (int)data[i]!["seq"]!;
            var stored = await Testing.ScalarAsync<string>($"SELECT content FROM messages WHERE conversation_id = '{id}' AND seq = {seq}");
            Assert.That((string?)data[i]!["content"], Is.EqualTo(stored), $"seq {seq}");
        }
    }

    [Test]
    public async Task ShouldShowAMessageAppendedToAPartlyFilledBlock()
    {
        var id = await SeedAsync(User, 150);
        using var client = ClientFor(User);
        using (var before = await client.GetAsync(HistoryUri(User, id, "?offset=100&limit=100")))
        {
            Assert.That(Seqs(await before.ReadJsonAsync()), Has.Length.EqualTo(50));
        }

        await AppendAsync(User, id, "the newest");

        using var tail = await client.GetAsync(HistoryUri(User, id, "?offset=100&limit=100"));
        var data = (await tail.ReadJsonAsync())["data"]!.AsArray();
        Assert.That(data, Has.Count.EqualTo(51));
        Assert.That((string?)data[^1]!["content"], Is.EqualTo("the newest"));

        using var newest = await client.GetAsync(HistoryUri(User, id, "?order=desc&limit=1"));
        Assert.That((string?)(await newest.ReadJsonAsync())["data"]![0]!["content"], Is.EqualTo("the newest"));
    }

    [Test]
    public async Task ShouldContinueACursorIntoBlocksAppendedAfterItWasIssued()
    {
        var id = await SeedAsync(User, 100);
        using var client = ClientFor(User);
        using var first = await client.GetAsync(HistoryUri(User, id, "?limit=100"));
        var page = await first.ReadJsonAsync();
        Assert.That((bool?)page["has_more"], Is.False);

        using var last = await client.GetAsync(HistoryUri(User, id, "?limit=99"));
        var cursor = (string)(await last.ReadJsonAsync())["next_cursor"]!;
        await AppendAsync(User, id, "one more");

        using var next = await client.GetAsync(HistoryUri(User, id, $"?limit=99&cursor={Uri.EscapeDataString(cursor)}"));
        Assert.That(Seqs(await next.ReadJsonAsync()), Is.EqualTo(new[] { 100, 101 }));
    }
}
