using FluentValidation;
using TodoChat.Application.Common;
using TodoChat.Application.Common.Interfaces;

namespace TodoChat.Application.Conversations.Queries.GetConversationHistory;

public sealed class GetConversationHistoryQueryValidator : AbstractValidator<GetConversationHistoryQuery>
{
    public GetConversationHistoryQueryValidator(ICursorProtector cursors)
    {
        RuleFor(q => q.UserId).ValidUserId();

        RuleFor(q => q.Limit).ValidLimit(GetConversationHistoryQuery.MaxLimit);

        RuleFor(q => q.Offset)
            .GreaterThanOrEqualTo(0)
            .WithMessage("The offset must be an integer of 0 or more.");

        RuleFor(q => q.Offset)
            .Equal(0)
            .When(q => q.Cursor is not null)
            .WithMessage("The offset cannot be combined with a cursor: the cursor already says where the page starts.");

        RuleFor(q => q.Before).ValidInstant();

        RuleFor(q => q.After).ValidInstant();

        RuleFor(q => q.After)
            .Must((q, after) => Iso8601.ParseOrNull(after) < Iso8601.ParseOrNull(q.Before))
            .When(q => Iso8601.TryParse(q.After, out _) && Iso8601.TryParse(q.Before, out _))
            .WithMessage("'after' must be earlier than 'before'.");

        RuleFor(q => q.Order)
            .Must(order => order is null || order.Trim().ToLowerInvariant() is "asc" or "desc")
            .WithMessage("The order must be 'asc' (oldest first) or 'desc' (newest first).");

        RuleFor(q => q.Cursor).ValidCursor(
            cursor => HistoryCursor.Decode(cursor, cursors),
            (query, cursor) => cursor.Continues(query.ConversationId, query.Descending, Iso8601.ParseOrNull(query.After), Iso8601.ParseOrNull(query.Before))
                ? null
                : "The cursor belongs to another query: send it with the same conversation, order, before and after as the page it came from.");
    }
}
