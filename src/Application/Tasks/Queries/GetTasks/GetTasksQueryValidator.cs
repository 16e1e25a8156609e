using FluentValidation;
using TodoChat.Application.Common;
using TodoChat.Application.Common.Interfaces;

namespace TodoChat.Application.Tasks.Queries.GetTasks;

public sealed class GetTasksQueryValidator : AbstractValidator<GetTasksQuery>
{
    public GetTasksQueryValidator(ICursorProtector cursors)
    {
        RuleFor(q => q.UserId).ValidUserId();
        RuleFor(q => q.Status)
            .Must(status => TaskStatusFilters.TryParse(status, out _))
            .WithMessage($"The status must be one of: {string.Join(", ", TaskStatusFilters.Names)}.");
        RuleFor(q => q.Limit)
            .InclusiveBetween(1, GetTasksQuery.MaxLimit)
            .WithMessage($"The limit must be an integer from 1 to {GetTasksQuery.MaxLimit}.");

        // One decode answers both questions: did this service issue it, and does it continue this listing?
        RuleFor(q => q.Cursor).Custom((cursor, context) =>
        {
            if (cursor is null)
            {
                return;
            }

            var decoded = TaskListCursor.Decode(cursor, cursors);
            if (decoded is null)
            {
                context.AddFailure("The cursor is not one this service issued, or it was altered.");
            }
            else if (TaskStatusFilters.TryParse(context.InstanceToValidate.Status, out var status) && decoded.Status != status)
            {
                context.AddFailure("The cursor belongs to another listing: send it with the same status as the page it came from.");
            }
        });
    }
}
