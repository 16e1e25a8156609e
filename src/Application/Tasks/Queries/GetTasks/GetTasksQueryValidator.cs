using FluentValidation;
using TodoChat.Application.Common;

namespace TodoChat.Application.Tasks.Queries.GetTasks;

public sealed class GetTasksQueryValidator : AbstractValidator<GetTasksQuery>
{
    public GetTasksQueryValidator()
    {
        RuleFor(q => q.UserId).ValidUserId();
        RuleFor(q => q.Status)
            .Must(status => TaskStatusFilters.TryParse(status, out _))
            .WithMessage($"The status must be one of: {string.Join(", ", TaskStatusFilters.Names)}.");
    }
}
