using System.Net;
using TodoChat.Application.Conversations.Queries.GetConversations;
using TodoChat.WebApi.Tests.Support;
using static TodoChat.WebApi.Tests.Support.Conversations;
using ValidationException = TodoChat.Application.Common.Exceptions.ValidationException;

namespace TodoChat.WebApi.Tests.Conversations;

/// <summary>The conversation list, one conversation, deletion, and other users' conversations.</summary>
public sealed class ConversationsApiTests : TestBase
{
    private const string User = "alice";

    [Test]
    public async Task ShouldListConversationsByNewestActivityInCursorPages()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await CreateAsync(User, $"conversation {i}"));
        }

        await AppendAsync(User, ids[1], "bring this one to the top");
        await CreateAsync("bob", "not alice's");
        using var client = ClientFor(User);

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            using var response = await client.GetAsync($"api/{User}/conversations?limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            response.AssertPrivateNoCache();
            var page = await response.ReadJsonAsync();
            seen.AddRange(page["data"]!.AsArray().Select(c => (string)c!["id"]!));
            cursor = (string?)page["next_cursor"];
            Assert.That((bool)page["has_more"]!, Is.EqualTo(cursor is not null));
        }
        while (cursor is not null);

        var expected = new[] { ids[1], ids[4], ids[3], ids[2], ids[0] }.Select(g => g.ToString());
        Assert.That(seen, Is.EqualTo(expected));
    }

    [Test]
    public async Task ShouldListTwentyByDefaultWithTheContractsFields()
    {
        for (var i = 0; i < 21; i++)
        {
            await CreateAsync(User, $"c{i}");
        }

        using var client = ClientFor(User);
        using var response = await client.GetAsync($"api/{User}/conversations");

        var page = await response.ReadJsonAsync();
        var first = page["data"]![0]!.AsObject();
        Assert.That(page["data"]!.AsArray(), Has.Count.EqualTo(20));
        Assert.That((bool?)page["has_more"], Is.True);
        Assert.That(first.Select(p => p.Key), Is.EquivalentTo(new[] { "id", "title", "created_at", "updated_at", "message_count", "last_message_at" }));
    }

    [TestCase("limit=0", "limit")]
    [TestCase("limit=101", "limit")]
    [TestCase("limit=x", "limit")]
    [TestCase("limit=-1", "limit")]
    [TestCase("limit=2147483647", "limit")]
    [TestCase("limit=-2147483648", "limit")]
    [TestCase("limit=2147483648", "limit")]
    [TestCase("limit=9223372036854775808", "limit")]
    [TestCase("limit=1e2", "limit")]
    [TestCase("limit=", "limit")]
    [TestCase("cursor=forged", "cursor")]
    [TestCase("cursor=%00", "cursor")]
    public async Task ShouldRejectBadListParameters(string query, string parameter)
    {
        using var client = ClientFor(User);

        await client.AssertGetRejectedAsync($"api/{User}/conversations?{query}", parameter);
    }

    [Test]
    public void ShouldRefuseTheLargestLimitsBeforeAddingOneToThem()
    {
        foreach (var limit in new[] { int.MaxValue, int.MinValue })
        {
            var list = Assert.ThrowsAsync<ValidationException>(() => Testing.SendAsync(new GetConversationsQuery(User, limit)));
            Assert.That(list!.Errors.Keys, Is.EqualTo(new[] { "Limit" }), "a validation failure, not an overflow");
        }
    }

    [TestCase("tasks?limit=1")]
    [TestCase("conversations/{0}/messages?limit=2")]
    public async Task ShouldRejectAnotherListsCursorOnTheList(string otherList)
    {
        await TaskRows.InsertAsync(User, 3);
        var id = await SeedAsync(User, 10);
        using var client = ClientFor(User);
        using var other = await client.GetAsync($"api/{User}/" + string.Format(System.Globalization.CultureInfo.InvariantCulture, otherList, id));
        var cursor = (string)(await other.ReadJsonAsync())["next_cursor"]!;

        await client.AssertGetRejectedAsync($"api/{User}/conversations?cursor={Uri.EscapeDataString(cursor)}", "cursor");
    }

    [Test]
    public async Task ShouldGetOneConversationWithETagAndRevalidate()
    {
        var id = await SeedAsync(User, 4);
        using var client = ClientFor(User);

        using var response = await client.GetAsync($"api/{User}/conversations/{id}");
        var conversation = await response.ReadJsonAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/{User}/conversations/{id}");
        request.Headers.TryAddWithoutValidation("If-None-Match", response.Headers.ETag!.ToString());
        using var revalidated = await client.SendAsync(request);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((string?)conversation["id"], Is.EqualTo(id.ToString()));
            Assert.That((int?)conversation["message_count"], Is.EqualTo(4));
            Assert.That((string?)conversation["last_message_at"], Does.EndWith("Z"));
            response.AssertPrivateNoCache();
            Assert.That(revalidated.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        }
    }

    [Test]
    public async Task ShouldDeleteAConversationWithItsMessages()
    {
        var id = await SeedAsync(User, 30);
        var kept = await SeedAsync(User, 5);
        using var client = ClientFor(User);

        using var deleted = await client.DeleteAsync($"api/{User}/conversations/{id}");
        using var again = await client.DeleteAsync($"api/{User}/conversations/{id}");
        using var history = await client.GetAsync(HistoryUri(User, id));

        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await again.AssertProblemAsync(HttpStatusCode.NotFound);
        await history.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.That(await Testing.ScalarAsync<long>($"SELECT count(*) FROM messages WHERE conversation_id = '{id}'"), Is.Zero);
        Assert.That(await Testing.ScalarAsync<long>($"SELECT count(*) FROM messages WHERE conversation_id = '{kept}'"), Is.EqualTo(5));
    }

    [Test]
    public async Task ShouldAnswer404ForAnotherUsersConversationOnEveryRoute()
    {
        var bobs = await SeedAsync("bob", 3);
        using var alice = ClientFor(User);

        foreach (var request in new[]
        {
            new HttpRequestMessage(HttpMethod.Get, $"api/{User}/conversations/{bobs}"),
            new HttpRequestMessage(HttpMethod.Get, HistoryUri(User, bobs)),
            new HttpRequestMessage(HttpMethod.Get, HistoryUri(User, bobs, "?offset=1&order=desc")),
            new HttpRequestMessage(HttpMethod.Delete, $"api/{User}/conversations/{bobs}"),
        })
        {
            using var response = await alice.SendAsync(request);
            await response.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        using var list = await alice.GetAsync($"api/{User}/conversations");
        Assert.That((await list.ReadJsonAsync())["data"]!.AsArray(), Is.Empty);
        Assert.That(await Testing.ScalarAsync<long>($"SELECT count(*) FROM messages WHERE conversation_id = '{bobs}'"), Is.EqualTo(3), "bob's messages are untouched");
    }

    [Test]
    public async Task ShouldAnswer403ForAnotherUsersPath()
    {
        var bobs = await SeedAsync("bob", 3);
        using var alice = ClientFor(User);

        using var response = await alice.GetAsync(HistoryUri("bob", bobs));

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task ShouldAnswer404ForAnUnknownConversation()
    {
        using var client = ClientFor(User);

        using var response = await client.GetAsync(HistoryUri(User, Guid.CreateVersion7()));

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
