using TodoChat.Application.Conversations;
using TodoChat.Application.Conversations.Queries.GetConversationHistory;

namespace TodoChat.Application.Common.Interfaces;

/// <summary>
/// Reads of a conversation's history for one request. The state always comes from the primary, so every
/// instance answers with what every other one has committed; message runs may come from memory, where
/// they are kept under the state they belong to. A request's reads share one pooled connection.
/// </summary>
public interface IConversationHistory
{
    /// <summary>The conversation's state (one indexed row), or null when the user has no such conversation.</summary>
    ValueTask<ConversationState?> GetStateAsync(string userId, Guid conversationId, CancellationToken cancellationToken);

    /// <summary>
    /// The state and the messages of <paramref name="window"/> under it, in as few round trips as the
    /// data allows; null when the user has no such conversation.
    /// </summary>
    ValueTask<HistoryRead?> ReadAsync(string userId, Guid conversationId, SeqWindow window, CancellationToken cancellationToken);

    /// <summary>The messages of <paramref name="range"/> as they are under <paramref name="state"/>.</summary>
    ValueTask<MessageList> ReadRangeAsync(ConversationState state, SeqRange range, bool descending, CancellationToken cancellationToken);

    /// <summary>A page with time filters, within the messages <paramref name="state"/> counts.</summary>
    Task<MessageList> ReadFilteredAsync(ConversationState state, FilteredPageRequest request, CancellationToken cancellationToken);
}

/// <summary>A conversation's state and the messages read under it.</summary>
public sealed record HistoryRead(ConversationState State, MessageList Messages);

/// <summary>
/// A page with time bounds (exclusive), after a keyset position or an offset, in a direction: up to
/// <see cref="Take"/> messages (a page and one more, to know whether more follow).
/// </summary>
public sealed record FilteredPageRequest(
    bool Descending,
    DateTimeOffset? After,
    DateTimeOffset? Before,
    (DateTimeOffset CreatedAt, int Seq)? Position,
    long Offset,
    int Take);
