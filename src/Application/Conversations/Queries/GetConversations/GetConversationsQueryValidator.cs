using FluentValidation;
using TodoChat.Application.Common;
using TodoChat.Application.Common.Interfaces;

namespace TodoChat.Application.Conversations.Queries.GetConversations;

public sealed class GetConversationsQueryValidator : AbstractValidator<GetConversationsQuery>
{
    public GetConversationsQueryValidator(ICursorProtector cursors)
    {
        RuleFor(q => q.UserId).ValidUserId();
        RuleFor(q => q.Limit)
            .InclusiveBetween(1, GetConversationsQuery.MaxLimit)
            .WithMessage($"The limit must be an integer from 1 to {GetConversationsQuery.MaxLimit}.");
        RuleFor(q => q.Cursor)
            .Must(cursor => ConversationListCursor.Decode(cursor!, cursors) is not null)
            .When(q => q.Cursor is not null)
            .WithMessage("The cursor is not one this service issued, or it was altered.");
    }
}
