using System.Globalization;
using Mediator;
using TodoChat.Application.Common;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Common.Messaging;

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
public sealed record ConversationHistoryPage(
    Guid ConversationId,
    IReadOnlyList<MessageDto> Data,
    int Limit,
    int Offset,
    bool HasMore,
    string? NextCursor);

public sealed class GetConversationHistoryHandler(
    IConversationRepository conversations,
    IEtagGenerator etags,
    ICursorProtector cursors,
    IQueryCache cache,
    MessageBlocks blocks) : IQueryHandler<GetConversationHistoryQuery, Conditional<ConversationHistoryPage>>
{
    public async ValueTask<Conditional<ConversationHistoryPage>> Handle(GetConversationHistoryQuery query, CancellationToken cancellationToken)
    {
        var conversation = await conversations.GetConversationAsync(query.UserId, query.ConversationId, cancellationToken);
        if (conversation is null)
        {
            return Conditional<ConversationHistoryPage>.NotFound;
        }

        var etag = etags.ForConversation(conversation);
        if (EntityTags.NoneMatchFails(etag, query.IfNoneMatch))
        {
            return Conditional<ConversationHistoryPage>.NotModified(etag);
        }

        var after = Iso8601.ParseOrNull(query.After);
        var before = Iso8601.ParseOrNull(query.Before);
        var cursor = query.Cursor is null ? null : HistoryCursor.Decode(query.Cursor, cursors);
        var page = after is null && before is null
            ? await ReadBySeqAsync(query, conversation, cursor, cancellationToken)
            : await ReadFilteredAsync(query, conversation, etag, after, before, cursor, cancellationToken);
        return Conditional<ConversationHistoryPage>.Found(etag, page);
    }

    /// <summary>
    /// Without time filters, a page is a range of the gapless seq (which runs in the same order as
    /// created_at): the offset or the cursor says where it starts. It is read from message blocks.
    /// </summary>
    private async Task<ConversationHistoryPage> ReadBySeqAsync(
        GetConversationHistoryQuery query,
        ConversationDto conversation,
        HistoryCursor? cursor,
        CancellationToken cancellationToken)
    {
        var count = conversation.MessageCount;
        long start = query.Descending
            ? (cursor is null ? count - (long)query.Offset : cursor.LastSeq - 1L)
            : (cursor is null ? 1L + query.Offset : cursor.LastSeq + 1L);
        if (start < 1 || start > count)
        {
            return new ConversationHistoryPage(conversation.Id, [], query.Limit, query.Offset, false, null);
        }

        int first, last;
        bool hasMore;
        if (query.Descending)
        {
            last = (int)start;
            first = Math.Max(1, last - query.Limit + 1);
            hasMore = first > 1;
        }
        else
        {
            first = (int)start;
            last = (int)Math.Min(count, start + query.Limit - 1);
            hasMore = last < count;
        }

        var rows = await blocks.GetRangeAsync(conversation.Id, count, first, last, cancellationToken);
        if (query.Descending)
        {
            rows.Reverse();
        }

        // Deleted while this page was read: nothing to continue from.
        hasMore &= rows.Count > 0;

        return new ConversationHistoryPage(conversation.Id, rows, query.Limit, query.Offset, hasMore, hasMore ? NextCursor(query, conversation.Id, null, null, rows[^1]) : null);
    }

    /// <summary>With time filters, pages come from the database, cached under the conversation's state (the ETag).</summary>
    private async Task<ConversationHistoryPage> ReadFilteredAsync(
        GetConversationHistoryQuery query,
        ConversationDto conversation,
        string etag,
        DateTimeOffset? after,
        DateTimeOffset? before,
        HistoryCursor? cursor,
        CancellationToken cancellationToken)
    {
        // The key names the conversation's state (the ETag), so a new message makes it unreachable:
        // a cached page is never stale.
        var key = string.Create(
            CultureInfo.InvariantCulture,
            $"history|{etag}|{query.Limit}|{query.Offset}|{query.Descending}|{after?.UtcTicks}|{before?.UtcTicks}|{query.Cursor}");
        if (cache.Get<ConversationHistoryPage>(key) is { } cached)
        {
            return cached;
        }

        var rows = await conversations.GetHistoryPageAsync(
            new HistoryPageRequest(
                conversation.Id,
                conversation.MessageCount,
                query.Descending,
                after,
                before,
                cursor is null ? null : (cursor.LastCreatedAt, cursor.LastSeq),
                query.Offset,
                query.Limit + 1),
            cancellationToken);

        var hasMore = rows.Count > query.Limit;
        var page = hasMore ? rows.Take(query.Limit).ToList() : rows;
        var result = new ConversationHistoryPage(conversation.Id, page, query.Limit, query.Offset, hasMore, hasMore ? NextCursor(query, conversation.Id, after, before, page[^1]) : null);
        cache.Set(key, result, SizeOf(result));
        return result;
    }

    private string NextCursor(GetConversationHistoryQuery query, Guid conversationId, DateTimeOffset? after, DateTimeOffset? before, MessageDto last) =>
        new HistoryCursor(conversationId, query.Descending, after, before, last.CreatedAt, last.Seq).Encode(cursors);

    /// <summary>Rough bytes held: the text (UTF-16) and a fixed share per message.</summary>
    private static long SizeOf(ConversationHistoryPage page)
    {
        long size = 256 + ((page.NextCursor?.Length ?? 0) * 2);
        foreach (var message in page.Data)
        {
            size += 120 + (message.Content.Length * 2);
        }

        return size;
    }
}
