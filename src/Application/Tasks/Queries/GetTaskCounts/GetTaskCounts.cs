using Mediator;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Common.Messaging;

namespace TodoChat.Application.Tasks.Queries.GetTaskCounts;

/// <summary>How many tasks the user has, in all and by status.</summary>
public sealed record GetTaskCountsQuery(string UserId) : IQuery<TaskCountsDto>, IUserRequest;

public sealed record TaskCountsDto(int Total, int Pending, int Completed)
{
    public int For(TaskStatusFilter status) => status switch
    {
        TaskStatusFilter.Pending => Pending,
        TaskStatusFilter.Completed => Completed,
        _ => Total,
    };
}

public sealed class GetTaskCountsHandler(ITaskRepository tasks) : IQueryHandler<GetTaskCountsQuery, TaskCountsDto>
{
    public ValueTask<TaskCountsDto> Handle(GetTaskCountsQuery query, CancellationToken cancellationToken) =>
        new(tasks.GetTaskCountsAsync(query.UserId, cancellationToken));
}
