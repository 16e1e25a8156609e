using TodoChat.Application.Common.Exceptions;
using TodoChat.Application.Conversations.Commands.AppendMessage;
using TodoChat.Application.Conversations.Commands.CreateConversation;
using TodoChat.Domain.Conversations;

namespace TodoChat.WebApi.Tests.Conversations;

/// <summary>The append use case that chat and history build on, through the service's mediator.</summary>
public sealed class AppendMessageTests : TestBase
{
    [Test]
    public async Task ShouldNumberMessagesFromOneAndKeepTheConversationsCounters()
    {
        var conversation = await Testing.SendAsync(new CreateConversationCommand("alice", "Groceries"));

        var first = await Testing.SendAsync(new AppendMessageCommand("alice", conversation.Id, MessageRole.User, "add milk"));
        var second = await Testing.SendAsync(new AppendMessageCommand("alice", conversation.Id, MessageRole.Assistant, "Added 'milk'.", "[{\"tool\":\"add_task\"}]"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first!.Seq, Is.EqualTo(1));
            Assert.That(second!.Seq, Is.EqualTo(2));
            Assert.That(second.Role, Is.EqualTo(MessageRole.Assistant));
            Assert.That(second.CreatedAt, Is.GreaterThanOrEqualTo(first.CreatedAt));
            Assert.That(first.Id.Version, Is.EqualTo(7), "message ids are UUIDv7");
            Assert.That(conversation.Id.Version, Is.EqualTo(7), "conversation ids are UUIDv7");
        }

        var counters = await Testing.ScalarAsync<string>(
            $"SELECT message_count || ' ' || (last_message_at = (SELECT max(created_at) FROM messages)) FROM conversations WHERE id = '{conversation.Id}'");
        var toolCalls = await Testing.ScalarAsync<string>($"SELECT tool_calls::text FROM messages WHERE id = '{second.Id}'");
        Assert.That(counters, Is.EqualTo("2 true"));
        Assert.That(toolCalls, Is.EqualTo("[{\"tool\": \"add_task\"}]"), "stored as jsonb");
    }

    [Test]
    public async Task ShouldGiveGaplessPositionsUnderConcurrentAppends()
    {
        var conversation = await Testing.SendAsync(new CreateConversationCommand("alice", "Busy"));
        const int appends = 40;

        var messages = await Task.WhenAll(Enumerable.Range(0, appends).Select(i => Task.Run(() =>
            Testing.SendAsync(new AppendMessageCommand("alice", conversation.Id, i % 2 == 0 ? MessageRole.User : MessageRole.Assistant, $"message {i}")))));

        var bySeq = messages.Select(m => m!).OrderBy(m => m.Seq).ToList();
        Assert.That(bySeq.Select(m => m.Seq), Is.EqualTo(Enumerable.Range(1, appends)), "1..n, each once");
        Assert.That(bySeq.Select(m => m.CreatedAt), Is.Ordered, "time never goes backwards along seq");
        Assert.That(await Testing.ScalarAsync<int>($"SELECT message_count FROM conversations WHERE id = '{conversation.Id}'"), Is.EqualTo(appends));
    }

    [Test]
    public async Task ShouldNotAppendToAnotherUsersConversation()
    {
        var conversation = await Testing.SendAsync(new CreateConversationCommand("bob", "Bob's"));

        var appended = await Testing.SendAsync(new AppendMessageCommand("alice", conversation.Id, MessageRole.User, "sneaky"));

        Assert.That(appended, Is.Null);
        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM messages"), Is.Zero);
        Assert.That(await Testing.ScalarAsync<int>($"SELECT message_count FROM conversations WHERE id = '{conversation.Id}'"), Is.Zero);
    }

    [Test]
    public async Task ShouldReturnNullForAnUnknownConversation()
    {
        var appended = await Testing.SendAsync(new AppendMessageCommand("alice", Guid.CreateVersion7(), MessageRole.User, "hello?"));

        Assert.That(appended, Is.Null);
    }

    [Test]
    public void ShouldRejectEmptyContent()
    {
        var error = Assert.ThrowsAsync<ValidationException>(() =>
            Testing.SendAsync(new AppendMessageCommand("alice", Guid.CreateVersion7(), MessageRole.User, "")));

        Assert.That(error!.Errors.Keys, Is.EquivalentTo(new[] { "Content" }));
    }
}
