using FluentValidation;
using TodoChat.Application.Common;
using TodoChat.Application.Common.Interfaces;

namespace TodoChat.Application.Conversations.Queries.GetConversationHistory;

public sealed class GetConversationHistoryQueryValidator : AbstractValidator<GetConversationHistoryQuery>
{
    public GetConversationHistoryQueryValidator(ICursorProtector cursors)
    {
        RuleFor(q => q.UserId).ValidUserId();

        RuleFor(q => q.Limit)
            .InclusiveBetween(1, GetConversationHistoryQuery.MaxLimit)
            .WithMessage($"The limit must be an integer from 1 to {GetConversationHistoryQuery.MaxLimit}.");

        RuleFor(q => q.Offset)
            .GreaterThanOrEqualTo(0)
            .WithMessage("The offset must be an integer of 0 or more.");

        RuleFor(q => q.Offset)
            .Equal(0)
            .When(q => q.Cursor is not null)
            .WithMessage("The offset cannot be combined with a cursor: the cursor already says where the page starts.");

        RuleFor(q => q.Before)
            .Must(value => Iso8601.TryParse(value, out _))
            .When(q => q.Before is not null)
            .WithMessage("The value must be an ISO 8601 instant, such as 2026-11-28T17:00:00Z.");

        RuleFor(q => q.After)
            .Must(value => Iso8601.TryParse(value, out _))
            .When(q => q.After is not null)
            .WithMessage("The value must be an ISO 8601 instant, such as 2026-11-28T17:00:00Z.");

        RuleFor(q => q.After)
            .Must((q, after) => Iso8601.ParseOrNull(after) < Iso8601.ParseOrNull(q.Before))
            .When(q => Iso8601.TryParse(q.After, out _) && Iso8601.TryParse(q.Before, out _))
            .WithMessage("'after' must be earlier than 'before'.");

        RuleFor(q => q.Order)
            .Must(order => order is null || order.Trim().ToLowerInvariant() is "asc" or "desc")
            .WithMessage("The order must be 'asc' (oldest first) or 'desc' (newest first).");

        // One decode answers both questions: did this service issue it, and does it continue this query?
        RuleFor(q => q.Cursor).Custom((cursor, context) =>
        {
            if (cursor is null)
            {
                return;
            }

            var query = context.InstanceToValidate;
            var decoded = HistoryCursor.Decode(cursor, cursors);
            if (decoded is null)
            {
                context.AddFailure("The cursor is not one this service issued, or it was altered.");
            }
            else if (!decoded.Continues(query.ConversationId, query.Descending, Iso8601.ParseOrNull(query.After), Iso8601.ParseOrNull(query.Before)))
            {
                context.AddFailure("The cursor belongs to another query: send it with the same conversation, order, before and after as the page it came from.");
            }
        });
    }
}
