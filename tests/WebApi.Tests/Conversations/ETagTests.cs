using System.Net;
using TodoChat.WebApi.Tests.Support;
using static TodoChat.WebApi.Tests.Support.Conversations;

namespace TodoChat.WebApi.Tests.Conversations;

/// <summary>Weak ETags on conversation state, revalidated with If-None-Match (RFC 9110).</summary>
public sealed class ETagTests : TestBase
{
    private const string User = "alice";

    [Test]
    public async Task ShouldSendAWeakSha256ETagAndRevalidatingCacheHeaders()
    {
        var id = await SeedAsync(User, 3);
        using var client = ClientFor(User);

        using var response = await client.GetAsync(HistoryUri(User, id));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.ETag?.IsWeak, Is.True);
        Assert.That(response.Headers.ETag?.Tag, Does.Match("^" + OpaqueTag + "$"));
        Assert.That(response.Headers.CacheControl?.Private, Is.True);
        Assert.That(response.Headers.CacheControl?.NoCache, Is.True);
        Assert.That(response.Headers.CacheControl?.NoStore, Is.False, "no-store would make the ETag useless");
    }

    [Test]
    public async Task ShouldKeepTheSameETagWhileNothingChanges()
    {
        var id = await SeedAsync(User, 3);
        using var client = ClientFor(User);

        var first = await ETagOfAsync(client, HistoryUri(User, id));
        var second = await ETagOfAsync(client, HistoryUri(User, id));
        var otherPage = await ETagOfAsync(client, HistoryUri(User, id, "?limit=1&order=desc"));
        var conversation = await ETagOfAsync(client, $"api/{User}/conversations/{id}");

        Assert.That(second, Is.EqualTo(first));
        Assert.That(otherPage, Is.EqualTo(first), "the tag is the conversation's state, whatever the page");
        Assert.That(conversation, Is.EqualTo(first));
    }

    [Test]
    public async Task ShouldChangeTheETagWhenAMessageIsAppended()
    {
        var id = await SeedAsync(User, 3);
        using var client = ClientFor(User);
        var before = await ETagOfAsync(client, HistoryUri(User, id));

        await AppendAsync(User, id, "one more");

        Assert.That(await ETagOfAsync(client, HistoryUri(User, id)), Is.Not.EqualTo(before));
    }

    [Test]
    public async Task ShouldGiveAnEmptyConversationATagToo()
    {
        var id = await CreateAsync(User);
        using var client = ClientFor(User);

        var empty = await ETagOfAsync(client, HistoryUri(User, id));
        await AppendAsync(User, id, "first");

        Assert.That(empty, Does.Match("^W/" + OpaqueTag + "$"), "no last message time yet, still a tag");
        Assert.That(await ETagOfAsync(client, HistoryUri(User, id)), Is.Not.EqualTo(empty));
    }

    [Test]
    public async Task ShouldGiveDifferentConversationsDifferentTags()
    {
        var a = await CreateAsync(User);
        var b = await CreateAsync(User);
        using var client = ClientFor(User);

        Assert.That(await ETagOfAsync(client, HistoryUri(User, a)), Is.Not.EqualTo(await ETagOfAsync(client, HistoryUri(User, b))));
    }

    private static IEnumerable<TestCaseData> MatchingHeaders()
    {
        yield return new TestCaseData(new Func<string, string>(tag => tag)).SetName("ShouldAnswer304ForTheSameTag");
        yield return new TestCaseData(new Func<string, string>(tag => tag[2..])).SetName("ShouldAnswer304ForTheStrongFormOfTheWeakTag");
        yield return new TestCaseData(new Func<string, string>(tag => $"W/\"stale\", {tag}, \"other\"")).SetName("ShouldAnswer304WhenAListHoldsTheTag");
        yield return new TestCaseData(new Func<string, string>(_ => "*")).SetName("ShouldAnswer304ForAStar");
    }

    [TestCaseSource(nameof(MatchingHeaders))]
    public async Task ShouldAnswerNotModified(Func<string, string> ifNoneMatch)
    {
        var id = await SeedAsync(User, 3);
        using var client = ClientFor(User);
        var uri = HistoryUri(User, id);
        var tag = await ETagOfAsync(client, uri);

        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch(tag));
        using var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.Empty);
        Assert.That(response.Headers.ETag?.ToString(), Is.EqualTo(tag));
        response.AssertPrivateNoCache();
    }

    [TestCase("W/\"0000000000000000000000000000000000000000000000000000000000000000\"")]
    [TestCase("\"something-else\", W/\"stale\"")]
    [TestCase("garbage without quotes")]
    public async Task ShouldAnswer200WhenTheTagDoesNotMatch(string ifNoneMatch)
    {
        var id = await SeedAsync(User, 3);
        using var client = ClientFor(User);
        using var request = new HttpRequestMessage(HttpMethod.Get, HistoryUri(User, id));
        request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);

        using var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await response.ReadJsonAsync())["data"]!.AsArray(), Has.Count.EqualTo(3));
    }

    [Test]
    public async Task ShouldAnswer200WithTheNewTagAfterAnAppend()
    {
        var id = await SeedAsync(User, 3);
        using var client = ClientFor(User);
        var uri = HistoryUri(User, id);
        var old = await ETagOfAsync(client, uri);
        await AppendAsync(User, id, "news");

        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.TryAddWithoutValidation("If-None-Match", old);
        using var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.ETag?.ToString(), Is.Not.EqualTo(old));
        Assert.That(Seqs(await response.ReadJsonAsync()), Is.EqualTo(new[] { 1, 2, 3, 4 }));
    }

    [Test]
    public async Task ShouldAnswer404NotNotModifiedForAnotherUsersConversation()
    {
        var id = await SeedAsync("bob", 3);
        using var client = ClientFor(User);
        using var request = new HttpRequestMessage(HttpMethod.Get, HistoryUri(User, id));
        request.Headers.TryAddWithoutValidation("If-None-Match", "*");

        using var response = await client.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    /// <summary>A quoted sha256 in lowercase hex.</summary>
    private const string OpaqueTag = "\"[0-9a-f]{64}\"";
}
