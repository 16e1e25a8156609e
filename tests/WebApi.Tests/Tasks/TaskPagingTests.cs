using System.Net;
using System.Text.Json.Nodes;
using TodoChat.Application.Tasks.Queries.GetTasks;
using TodoChat.WebApi.Tests.Support;
using ValidationException = TodoChat.Application.Common.Exceptions.ValidationException;

namespace TodoChat.WebApi.Tests.Tasks;

/// <summary>GET /tasks pages by <c>limit</c> (1..1000, 100) and a signed <c>cursor</c>, like the conversation list.</summary>
public sealed class TaskPagingTests : TestBase
{
    private const string Tasks = "api/alice/tasks";

    [Test]
    public async Task ShouldAnswerTheFirstHundredToAClientThatSendsNeitherLimitNorCursor()
    {
        await TaskRows.InsertAsync("alice", 150);
        using var client = ClientFor("alice");

        var page = await GetPageAsync(client, "");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Ids(page), Is.EqualTo((await TaskRows.IdsAsync("alice"))[..100]));
            Assert.That((bool)page["has_more"]!, Is.True);
            Assert.That((string?)page["next_cursor"], Is.Not.Null.And.Not.Empty);
        }
    }

    [TestCase("all", 0)]
    [TestCase("pending", 3)]
    [TestCase("completed", 3)]
    public async Task ShouldWalkEveryTaskOnceInIdOrder(string status, int completedEvery)
    {
        await TaskRows.InsertAsync("alice", 25, completedEvery);
        await TaskRows.InsertAsync("bob", 5);
        using var client = ClientFor("alice");

        var (ids, pages) = await WalkAsync(client, $"?status={status}&limit=4");

        var expected = await TaskRows.IdsAsync("alice", status);
        Assert.That(ids, Is.EqualTo(expected), "every task once, in order, none of bob's");
        Assert.That(pages, Is.EqualTo((expected.Length + 3) / 4));
    }

    [Test]
    public async Task ShouldSayThereIsNoMoreOnAnExactlyFullLastPage()
    {
        await TaskRows.InsertAsync("alice", 4);
        using var client = ClientFor("alice");

        var page = await GetPageAsync(client, "?limit=4");

        Assert.That(Ids(page), Has.Length.EqualTo(4));
        Assert.That((bool)page["has_more"]!, Is.False);
        Assert.That(page["next_cursor"], Is.Null);
    }

    [Test]
    public async Task ShouldNeitherRepeatNorSkipWhileTheListChangesBetweenPages()
    {
        await TaskRows.InsertAsync("alice", 6);
        var ids = await TaskRows.IdsAsync("alice");
        using var client = ClientFor("alice");
        var first = await GetPageAsync(client, "?limit=3");

        (await client.DeleteAsync($"{Tasks}/{ids[0]}")).EnsureSuccessStatusCode();
        (await client.DeleteAsync($"{Tasks}/{ids[4]}")).EnsureSuccessStatusCode();
        using var added = await client.PostJsonAsync(Tasks, new { title = "New" });
        var newId = (int)(await added.ReadJsonAsync())["id"]!;
        var second = await GetPageAsync(client, $"?limit=3&cursor={Uri.EscapeDataString((string)first["next_cursor"]!)}");

        Assert.That(Ids(first), Is.EqualTo(ids[..3]));
        Assert.That(Ids(second), Is.EqualTo(new[] { ids[3], ids[5], newId }));
    }

    [TestCase("0")]
    [TestCase("-1")]
    [TestCase("1001")]
    [TestCase("2147483647")]
    [TestCase("-2147483648")]
    [TestCase("2147483648")]
    [TestCase("-2147483649")]
    [TestCase("9223372036854775808")]
    [TestCase("99999999999999999999999999")]
    [TestCase("1e3")]
    [TestCase("1.5")]
    [TestCase("ten")]
    [TestCase("")]
    public async Task ShouldRejectALimitOutsideOneToOneThousand(string limit)
    {
        using var client = ClientFor("alice");

        await client.AssertGetRejectedAsync($"{Tasks}?limit={Uri.EscapeDataString(limit)}", "limit");
    }

    [TestCase(1)]
    [TestCase(1000)]
    public async Task ShouldAcceptTheEdgesOfTheLimit(int limit)
    {
        await TaskRows.InsertAsync("alice", 1001);
        using var client = ClientFor("alice");

        var page = await GetPageAsync(client, $"?limit={limit}");

        Assert.That(Ids(page), Has.Length.EqualTo(limit));
        Assert.That((bool)page["has_more"]!, Is.True);
    }

    [Test]
    public void ShouldRefuseTheLargestLimitsBeforeAddingOneToThem()
    {
        foreach (var limit in new[] { int.MaxValue, int.MinValue })
        {
            var refused = Assert.ThrowsAsync<ValidationException>(() => Testing.SendAsync(new GetTasksQuery("alice", null, limit)));
            Assert.That(refused!.Errors.Keys, Is.EqualTo(new[] { "Limit" }), "a validation failure, not an overflow");
        }
    }

    [Test]
    public async Task ShouldRejectCursorsThisServiceDidNotIssueForThisListing()
    {
        await TaskRows.InsertAsync("alice", 3, completedEvery: 2);
        await Support.Conversations.CreateAsync("alice", "one");
        await Support.Conversations.CreateAsync("alice", "two");
        using var client = ClientFor("alice");
        var pending = (string)(await GetPageAsync(client, "?status=pending&limit=1"))["next_cursor"]!;
        using var conversations = await client.GetAsync("api/alice/conversations?limit=1");
        var conversationCursor = (string)(await conversations.ReadJsonAsync())["next_cursor"]!;
        var altered = pending[..^2] + (pending[^2] == 'A' ? 'B' : 'A') + pending[^1];

        foreach (var cursor in new[] { "garbage", altered, conversationCursor, new string('A', 600), "%00" })
        {
            await client.AssertGetRejectedAsync($"{Tasks}?status=pending&cursor={Uri.EscapeDataString(cursor)}", "cursor");
        }

        var problem = await client.AssertGetRejectedAsync($"{Tasks}?status=completed&cursor={Uri.EscapeDataString(pending)}", "cursor");
        Assert.That(problem.ToJsonString(), Does.Contain("same status"));
    }

    private static async Task<JsonNode> GetPageAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync(Tasks + query);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        response.AssertPrivateNoCache();
        return await response.ReadJsonAsync();
    }

    private static async Task<(List<int> Ids, int Pages)> WalkAsync(HttpClient client, string query)
    {
        var ids = new List<int>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var page = await GetPageAsync(client, query + (cursor is null ? string.Empty : $"&cursor={Uri.EscapeDataString(cursor)}"));
            ids.AddRange(Ids(page));
            pages++;
            cursor = (string?)page["next_cursor"];
            Assert.That((bool)page["has_more"]!, Is.EqualTo(cursor is not null));
        }
        while (cursor is not null);

        return (ids, pages);
    }

    private static int[] Ids(JsonNode page) => page["data"]!.AsArray().Select(t => (int)t!["id"]!).ToArray();
}
