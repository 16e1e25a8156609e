using FluentValidation;
using TodoChat.Application.Common;
using TodoChat.Application.Common.Interfaces;

namespace TodoChat.Application.Conversations.Queries.GetConversations;

public sealed class GetConversationsQueryValidator : AbstractValidator<GetConversationsQuery>
{
    public GetConversationsQueryValidator(ICursorProtector cursors)
    {
        RuleFor(q => q.UserId).ValidUserId();
        RuleFor(q => q.Limit).ValidLimit(GetConversationsQuery.MaxLimit);
        RuleFor(q => q.Cursor).ValidCursor(cursor => ConversationListCursor.Decode(cursor, cursors));
    }
}
