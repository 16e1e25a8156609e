using System.Net;
using TodoChat.WebApi.Tests.Support;
using static TodoChat.WebApi.Tests.Support.Conversations;

namespace TodoChat.WebApi.Tests.Conversations;

/// <summary>Every broken rule of the history query is a 400 problem naming the parameter.</summary>
public sealed class HistoryValidationTests : TestBase
{
    private const string User = "alice";
    private Guid _conversation;

    [SetUp]
    public async Task CreateConversationAsync() => _conversation = await SeedAsync(User, 5);

    [TestCase("limit=0", "limit")]
    [TestCase("limit=1001", "limit")]
    [TestCase("limit=-1", "limit")]
    [TestCase("limit=1.5", "limit")]
    [TestCase("limit=abc", "limit")]
    [TestCase("limit=", "limit")]
    [TestCase("limit=99999999999", "limit")]
    [TestCase("offset=-1", "offset")]
    [TestCase("offset=x", "offset")]
    [TestCase("offset=1e3", "offset")]
    [TestCase("before=yesterday", "before")]
    [TestCase("before=2026-13-01T00:00:00Z", "before")]
    [TestCase("after=1700000000", "after")]
    [TestCase("after=28/11/2026", "after")]
    [TestCase("after=2026-11-28T10:00:00Z&before=2026-11-28T09:00:00Z", "after")]
    [TestCase("after=2026-11-28T10:00:00Z&before=2026-11-28T10:00:00Z", "after")]
    [TestCase("order=newest", "order")]
    [TestCase("cursor=not-a-cursor", "cursor")]
    public async Task ShouldRejectWith400NamingTheParameter(string query, string parameter)
    {
        using var client = ClientFor(User);

        await client.AssertGetRejectedAsync(HistoryUri(User, _conversation, "?" + query), parameter);
    }

    [Test]
    public async Task ShouldNameEveryBrokenParameterAtOnce()
    {
        using var client = ClientFor(User);

        await client.AssertGetRejectedAsync(HistoryUri(User, _conversation, "?limit=0&offset=-1&order=up&before=never"), "limit", "offset", "order", "before");
    }

    [Test]
    public async Task ShouldRejectAMalformedConversationId()
    {
        using var client = ClientFor(User);

        await client.AssertGetRejectedAsync("api/alice/conversations/not-a-uuid/messages", "conversation_id");
    }

    [TestCase("order=")]
    [TestCase("cursor=")]
    [TestCase("before=")]
    public async Task ShouldTreatAnEmptyOptionalParameterAsAbsent(string query)
    {
        using var client = ClientFor(User);

        using var response = await client.GetAsync(HistoryUri(User, _conversation, "?" + query));

        Assert.That(Seqs(await response.ReadJsonAsync()), Is.EqualTo(new[] { 1, 2, 3, 4, 5 }));
    }

    [Test]
    public async Task ShouldAcceptCaseInsensitiveOrder()
    {
        using var client = ClientFor(User);

        using var response = await client.GetAsync(HistoryUri(User, _conversation, "?order=DESC"));

        Assert.That(Seqs(await response.ReadJsonAsync()), Is.EqualTo(new[] { 5, 4, 3, 2, 1 }));
    }
}
