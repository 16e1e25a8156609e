using TodoChat.Domain.Conversations;

namespace TodoChat.Application.Common.Interfaces;

/// <summary>Storage of conversations and their messages, always scoped to the owning user.</summary>
public interface IConversationRepository
{
    Task AddConversationAsync(Conversation conversation, CancellationToken cancellationToken);

    /// <summary>
    /// Appends a message under the conversation's row lock, in one transaction, so concurrent appends
    /// get consecutive positions. Returns null when the user has no such conversation.
    /// </summary>
    Task<Message?> AppendMessageAsync(
        string userId,
        Guid conversationId,
        Func<Conversation, Message> append,
        CancellationToken cancellationToken);
}
