using TodoChat.Application.Conversations.Queries.GetRecentMessages;
using TodoChat.Domain.Conversations;
using static TodoChat.WebApi.Tests.Support.Conversations;

namespace TodoChat.WebApi.Tests.Conversations;

/// <summary>The agent's context: the newest N messages, in chronological order.</summary>
public sealed class RecentMessagesTests : TestBase
{
    [Test]
    public async Task ShouldReturnTheNewestMessagesOldestFirst()
    {
        var id = await SeedAsync("alice", 120);

        var recent = await Testing.SendAsync(new GetRecentMessagesQuery("alice", id, 50));

        Assert.That(recent!.Select(m => m.Seq), Is.EqualTo(Enumerable.Range(71, 50)), "the newest 50, not the oldest");
        Assert.That(recent!.Select(m => m.CreatedAt), Is.Ordered);
    }

    [Test]
    public async Task ShouldFormatRolesAndContentForTheAgent()
    {
        var id = await CreateAsync("alice");
        await AppendAsync("alice", id, "add buy milk", MessageRole.User);
        await AppendAsync("alice", id, "Added 'buy milk'.", MessageRole.Assistant);
        await AppendAsync("alice", id, "what's left?", MessageRole.User);

        var recent = await Testing.SendAsync(new GetRecentMessagesQuery("alice", id, 50));

        Assert.That(recent!.Select(m => (m.Role, m.Content)), Is.EqualTo(new[]
        {
            (MessageRole.User, "add buy milk"),
            (MessageRole.Assistant, "Added 'buy milk'."),
            (MessageRole.User, "what's left?"),
        }));
    }

    [Test]
    public async Task ShouldReturnAllOfAShortConversationAndNullForAnotherUsers()
    {
        var id = await SeedAsync("alice", 3);

        var recent = await Testing.SendAsync(new GetRecentMessagesQuery("alice", id, 50));
        var foreign = await Testing.SendAsync(new GetRecentMessagesQuery("bob", id, 50));

        Assert.That(recent!.Select(m => m.Seq), Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(foreign, Is.Null);
    }
}
