using Microsoft.Extensions.DependencyInjection;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Conversations;
using TodoChat.Domain.Conversations;
using static TodoChat.WebApi.Tests.Support.Conversations;

namespace TodoChat.WebApi.Tests.Conversations;

/// <summary>The agent's context, as a chat turn reads it: the newest N messages, in chronological order.</summary>
public sealed class RecentMessagesTests : TestBase
{
    [Test]
    public async Task ShouldReturnTheNewestMessagesOldestFirst()
    {
        var id = await SeedAsync("alice", 120);

        var recent = await RecentAsync(id, 50);

        Assert.That(recent.Select(m => m.Seq), Is.EqualTo(Enumerable.Range(71, 50)), "the newest 50, not the oldest");
        Assert.That(recent.Select(m => m.CreatedAt), Is.Ordered);
    }

    [Test]
    public async Task ShouldFormatRolesAndContentForTheAgent()
    {
        var id = await CreateAsync("alice");
        await AppendAsync("alice", id, "add buy milk", MessageRole.User);
        await AppendAsync("alice", id, "Added 'buy milk'.", MessageRole.Assistant);
        await AppendAsync("alice", id, "what's left?", MessageRole.User);

        var recent = await RecentAsync(id, 50);

        Assert.That(recent.Select(m => (m.Role, m.Content)), Is.EqualTo(new[]
        {
            (MessageRole.User, "add buy milk"),
            (MessageRole.Assistant, "Added 'buy milk'."),
            (MessageRole.User, "what's left?"),
        }));
    }

    [Test]
    public async Task ShouldReturnAllOfAShortConversation()
    {
        var id = await SeedAsync("alice", 3);

        var recent = await RecentAsync(id, 50);

        Assert.That(recent.Select(m => m.Seq), Is.EqualTo(new[] { 1, 2, 3 }));
    }

    private static async Task<IReadOnlyList<MessageDto>> RecentAsync(Guid conversationId, int count)
    {
        await using var scope = Testing.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IConversationRepository>().GetRecentMessagesAsync(conversationId, count, CancellationToken.None);
    }
}
