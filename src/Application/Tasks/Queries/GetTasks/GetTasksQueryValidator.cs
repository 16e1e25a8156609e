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
        RuleFor(q => q.Limit).ValidLimit(GetTasksQuery.MaxLimit);
        RuleFor(q => q.Cursor).ValidCursor(
            cursor => TaskListCursor.Decode(cursor, cursors),
            (query, cursor) => TaskStatusFilters.TryParse(query.Status, out var status) && cursor.Status != status
                ? "The cursor belongs to another listing: send it with the same status as the page it came from."
                : null);
    }
}
