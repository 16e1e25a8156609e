using TodoChat.Application.Conversations;
using TodoChat.Domain.Conversations;

namespace TodoChat.Application.Common.Interfaces;

/// <summary>Storage of conversations and their messages, always scoped to the owning user.</summary>
public interface IConversationRepository
{
    /// <summary>
    /// For a chat turn's commit, inside its transaction: the conversation, read and row-locked until the
    /// commit, so turns on one conversation commit one after the other and each sees the count the
    /// previous one left; null when the user has no such conversation.
    /// </summary>
    Task<Conversation?> LockForTurnAsync(string userId, Guid conversationId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a chat turn's conversation (inserted when <paramref name="isNew"/>, else the locked row
    /// updated) and its new messages in one batch; returns the conversation's state after it.
    /// </summary>
    Task<ConversationState> SaveTurnAsync(Conversation conversation, bool isNew, IReadOnlyList<Message> messages, CancellationToken cancellationToken);

    /// <summary>The conversation's row (one primary-key read), or null when the user has no such conversation.</summary>
    Task<StoredConversation?> GetConversationAsync(string userId, Guid conversationId, CancellationToken cancellationToken);

    /// <summary>The newest <paramref name="count"/> messages in chronological order (oldest first).</summary>
    Task<IReadOnlyList<MessageDto>> GetRecentMessagesAsync(Guid conversationId, int count, CancellationToken cancellationToken);

    /// <summary>The user's conversations by newest activity (updated_at, then id, descending), after a keyset position.</summary>
    Task<IReadOnlyList<ConversationDto>> GetConversationsAsync(
        string userId,
        int take,
        (DateTimeOffset UpdatedAt, Guid Id)? after,
        CancellationToken cancellationToken);

    /// <summary>
    /// Inside the caller's transaction: deletes the conversation and its messages, and leaves a tombstone
    /// for sync; false when the user has no such conversation.
    /// </summary>
    Task<bool> DeleteConversationAsync(string userId, Guid conversationId, CancellationToken cancellationToken);
}
