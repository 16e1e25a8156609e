using Mediator;
using TodoChat.Application.Common;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Common.Messaging;

namespace TodoChat.Application.Conversations.Queries.GetConversations;

/// <summary>The user's conversations, newest activity first, a page at a time.</summary>
public sealed record GetConversationsQuery(string UserId, int Limit = GetConversationsQuery.DefaultLimit, string? Cursor = null)
    : IQuery<ConversationListPage>, IUserRequest
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
}

public sealed record ConversationListPage(IReadOnlyList<ConversationDto> Data, bool HasMore, string? NextCursor);

public sealed class GetConversationsHandler(IConversationRepository conversations, ICursorProtector cursors)
    : IQueryHandler<GetConversationsQuery, ConversationListPage>
{
    public async ValueTask<ConversationListPage> Handle(GetConversationsQuery query, CancellationToken cancellationToken)
    {
        var cursor = query.Cursor is null ? null : ConversationListCursor.Decode(query.Cursor, cursors);
        var rows = await conversations.GetConversationsAsync(
            query.UserId,
            checked(query.Limit + 1),
            cursor is null ? null : (cursor.UpdatedAt, cursor.Id),
            cancellationToken);

        var hasMore = rows.Count > query.Limit;
        var page = hasMore ? rows.Take(query.Limit).ToList() : rows;
        var next = hasMore ? new ConversationListCursor(page[^1].UpdatedAt, page[^1].Id).Encode(cursors) : null;
        return new ConversationListPage(page, hasMore, next);
    }
}
