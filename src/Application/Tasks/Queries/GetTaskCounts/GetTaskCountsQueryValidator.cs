using FluentValidation;
using TodoChat.Application.Common;

namespace TodoChat.Application.Tasks.Queries.GetTaskCounts;

public sealed class GetTaskCountsQueryValidator : AbstractValidator<GetTaskCountsQuery>
{
    public GetTaskCountsQueryValidator()
    {
        RuleFor(q => q.UserId).ValidUserId();
    }
}
