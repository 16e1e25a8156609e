using Mediator;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Common.Messaging;

namespace TodoChat.Application.Tasks.Queries.GetTasks;

/// <summary>The user's tasks, oldest first. <see cref="Status"/> is <c>all</c> (default), <c>pending</c> or <c>completed</c>.</summary>
public sealed record GetTasksQuery(string UserId, string? Status = null) : IQuery<IReadOnlyList<TaskDto>>, IUserRequest;

public sealed class GetTasksHandler(ITaskRepository tasks) : IQueryHandler<GetTasksQuery, IReadOnlyList<TaskDto>>
{
    public ValueTask<IReadOnlyList<TaskDto>> Handle(GetTasksQuery query, CancellationToken cancellationToken)
    {
        TaskStatusFilters.TryParse(query.Status, out var status);
        return new(tasks.GetTasksAsync(query.UserId, status, cancellationToken));
    }
}
