using System.Net;
using TodoChat.WebApi.Tests.Support;
using static TodoChat.WebApi.Tests.Support.Conversations;

namespace TodoChat.WebApi.Tests.Conversations;

/// <summary>
/// Paging arithmetic at its edges: offsets and cursors near int.MaxValue, time filters that leave
/// nothing, in both orders. Each answer is the right (often empty) page, never a wrong one or a 500.
/// </summary>
public sealed class HistoryEdgeTests : TestBase
{
    private const string User = "alice";

    [TestCase("?after=2100-01-01T00:00:00Z&offset=1")]
    [TestCase("?after=2100-01-01T00:00:00Z&offset=2147483647")]
    [TestCase("?after=2100-01-01T00:00:00Z&offset=1&order=desc")]
    [TestCase("?before=2000-01-01T00:00:00Z&offset=1")]
    [TestCase("?before=2000-01-01T00:00:00Z&offset=3&order=desc")]
    [TestCase("?offset=2147483647")]
    [TestCase("?offset=2147483647&order=desc")]
    [TestCase("?offset=2147483647&limit=1000")]
    [TestCase("?after=2000-01-01T00:00:00Z&offset=2147483647&limit=1000")]
    public async Task ShouldAnswerAnEmptyPageWhenNothingIsLeft(string query)
    {
        var id = await SeedAsync(User, 8);
        using var client = ClientFor(User);

        // Twice: a wrong page must not be kept and served again either.
        for (var i = 0; i < 2; i++)
        {
            using var response = await client.GetAsync(HistoryUri(User, id, query));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            var page = await response.ReadJsonAsync();
            Assert.That(Seqs(page), Is.Empty, query);
            Assert.That((bool?)page["has_more"], Is.False);
            Assert.That(page["next_cursor"], Is.Null);
        }
    }

    [TestCase("?after=2000-01-01T00:00:00Z&offset=6", new[] { 7, 8 })]
    [TestCase("?after=2000-01-01T00:00:00Z&offset=6&order=desc", new[] { 2, 1 })]
    [TestCase("?offset=7&limit=1000", new[] { 8 })]
    [TestCase("?offset=7&limit=1000&order=desc", new[] { 1 })]
    public async Task ShouldSkipExactlyTheOffset(string query, int[] expected)
    {
        var id = await SeedAsync(User, 8);
        using var client = ClientFor(User);
        using var response = await client.GetAsync(HistoryUri(User, id, query));
        Assert.That(Seqs(await response.ReadJsonAsync()), Is.EqualTo(expected));
    }

    [TestCase("limit=2147483648")]
    [TestCase("offset=2147483648")]
    [TestCase("offset=-2147483649")]
    [TestCase("limit=9223372036854775808")]
    public async Task ShouldRejectNumbersBeyondInt32(string query)
    {
        var id = await SeedAsync(User, 3);
        using var client = ClientFor(User);
        await client.AssertGetRejectedAsync(HistoryUri(User, id, "?" + query), query.Split('=')[0]);
    }
}
