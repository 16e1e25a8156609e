using System.Diagnostics;
using System.Runtime.CompilerServices;
using Mediator;
using TodoChat.Application.Common;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Common.Messaging;
using TodoChat.Application.Common.Telemetry;

namespace TodoChat.Application.Conversations.Queries.GetConversationHistory;

/// <summary>
/// One page of a conversation's messages in the total order (created_at, then seq), oldest first
/// or, with <c>Order = "desc"</c>, newest first. <see cref="Before"/> and <see cref="After"/> are
/// exclusive ISO 8601 bounds; <see cref="Offset"/> skips messages after the filters; a
/// <see cref="Cursor"/> continues an earlier page's query. When <see cref="IfNoneMatch"/> holds the
/// conversation's current tag, the answer is "not modified" and no page is read.
/// </summary>
public sealed record GetConversationHistoryQuery(
    string UserId,
    Guid ConversationId,
    int Limit = GetConversationHistoryQuery.DefaultLimit,
    int Offset = 0,
    string? Before = null,
    string? After = null,
    string? Order = null,
    string? Cursor = null,
    IReadOnlyCollection<string>? IfNoneMatch = null) : IQuery<Conditional<ConversationHistoryPage>>, IUserRequest
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 1000;

    public bool Descending => string.Equals(Order?.Trim(), "desc", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A page of history as the client sees it.</summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="Data">The page's messages, oldest first (or newest first with <c>order=desc</c>).</param>
/// <param name="Limit">The page size asked for.</param>
/// <param name="Offset">The offset asked for.</param>
/// <param name="HasMore">Whether messages follow this page in its order.</param>
/// <param name="NextCursor">Continues after this page with the same order and filters; null on the last page.</param>
public sealed record ConversationHistoryPage(
    Guid ConversationId,
    MessageList Data,
    int Limit,
    int Offset,
    bool HasMore,
    string? NextCursor);

/// <summary>
/// The conversation's state comes from the primary on every request (one indexed row), so any instance
/// answers with every write any instance has committed; a page without time filters is a seq range,
/// which the history store may serve from memory kept under that state.
/// </summary>
public sealed class GetConversationHistoryHandler(
    IConversationHistory history,
    IEtagGenerator etags,
    ICursorProtector cursors,
    TodoChatMetrics metrics) : IQueryHandler<GetConversationHistoryQuery, Conditional<ConversationHistoryPage>>
{
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<Conditional<ConversationHistoryPage>> Handle(GetConversationHistoryQuery query, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await AnswerAsync(query, cancellationToken);
        if (result.Outcome != ConditionalOutcome.NotFound)
        {
            metrics.HistoryPage(
                query.Cursor is not null ? TodoChatMetrics.Paging.Cursor : query.Offset > 0 ? TodoChatMetrics.Paging.Offset : TodoChatMetrics.Paging.First,
                query.After is not null || query.Before is not null,
                Stopwatch.GetElapsedTime(started),
                result.Outcome == ConditionalOutcome.Found ? result.Value!.Data.Count : null);
        }

        return result;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Conditional<ConversationHistoryPage>> AnswerAsync(GetConversationHistoryQuery query, CancellationToken cancellationToken)
    {
        var after = Iso8601.ParseOrNull(query.After);
        var before = Iso8601.ParseOrNull(query.Before);
        var cursor = query.Cursor is null ? null : HistoryCursor.Decode(query.Cursor, cursors);
        var bySeq = after is null && before is null;

        // A client that holds a copy most likely holds the current one: read the state alone first.
        // Otherwise the state and an unfiltered page come together.
        ConversationState? state;
        MessageList? messages = null;
        if (query.IfNoneMatch is { Count: > 0 } || !bySeq)
        {
            state = await history.GetStateAsync(query.UserId, query.ConversationId, cancellationToken);
        }
        else
        {
            var read = await history.ReadAsync(query.UserId, query.ConversationId, WindowOf(query, cursor), cancellationToken);
            state = read?.State;
            messages = read?.Messages;
        }

        if (state is null)
        {
            return Conditional<ConversationHistoryPage>.NotFound;
        }

        var etag = etags.ForConversation(state);
        if (EntityTags.NoneMatchFails(etag, query.IfNoneMatch))
        {
            return Conditional<ConversationHistoryPage>.NotModified(etag);
        }

        var page = bySeq
            ? await ReadBySeqAsync(query, state, cursor, messages, cancellationToken)
            : await ReadFilteredAsync(query, state, after, before, cursor, cancellationToken);
        return Conditional<ConversationHistoryPage>.Found(etag, page);
    }

    /// <summary>
    /// Without time filters, a page is a range of the gapless seq (which runs in the same order as
    /// created_at): the offset or the cursor says where it starts.
    /// </summary>
    private static SeqWindow WindowOf(GetConversationHistoryQuery query, HistoryCursor? cursor) =>
        (query.Descending, cursor) switch
        {
            (false, null) => SeqWindow.Ascending(1L + query.Offset, query.Limit),
            (false, { } c) => SeqWindow.Ascending(c.LastSeq + 1L, query.Limit),
            (true, null) => SeqWindow.NewestFirstSkipping(query.Offset, query.Limit),
            (true, { } c) => SeqWindow.DescendingFrom(c.LastSeq - 1L, query.Limit),
        };

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ConversationHistoryPage> ReadBySeqAsync(
        GetConversationHistoryQuery query,
        ConversationState state,
        HistoryCursor? cursor,
        MessageList? messages,
        CancellationToken cancellationToken)
    {
        if (WindowOf(query, cursor).Resolve(state.MessageCount) is not { } range)
        {
            return new ConversationHistoryPage(state.Id, MessageList.Empty, query.Limit, query.Offset, false, null);
        }

        messages ??= await history.ReadRangeAsync(state, range, query.Descending, cancellationToken);

        // Deleted while this page was read: nothing to continue from.
        var hasMore = range.HasMore && messages.Last is not null;
        return new ConversationHistoryPage(state.Id, messages, query.Limit, query.Offset, hasMore, hasMore ? NextCursor(query, state.Id, null, null, messages.Last!.Value) : null);
    }

    /// <summary>With time filters, pages come from the database, within the messages the state counts.</summary>
    private async Task<ConversationHistoryPage> ReadFilteredAsync(
        GetConversationHistoryQuery query,
        ConversationState state,
        DateTimeOffset? after,
        DateTimeOffset? before,
        HistoryCursor? cursor,
        CancellationToken cancellationToken)
    {
        var rows = await history.ReadFilteredAsync(
            state,
            new FilteredPageRequest(
                query.Descending,
                after,
                before,
                cursor is null ? null : (cursor.LastCreatedAt, cursor.LastSeq),
                query.Offset,
                query.Limit + 1),
            cancellationToken);

        var hasMore = rows.Count > query.Limit;
        var page = hasMore ? rows.Take(query.Limit) : rows;
        return new ConversationHistoryPage(state.Id, page, query.Limit, query.Offset, hasMore, hasMore ? NextCursor(query, state.Id, after, before, page.Last!.Value) : null);
    }

    private string NextCursor(GetConversationHistoryQuery query, Guid conversationId, DateTimeOffset? after, DateTimeOffset? before, (DateTimeOffset CreatedAt, int Seq) last) =>
        new HistoryCursor(conversationId, query.Descending, after, before, last.CreatedAt, last.Seq).Encode(cursors);
}
