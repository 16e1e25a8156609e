using Mediator;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Common.Messaging;

namespace TodoChat.Application.Tasks.Queries.GetTask;

/// <summary>One task of the user, or null when the user has no such task.</summary>
public sealed record GetTaskQuery(string UserId, int TaskId) : IQuery<TaskDto?>, IUserRequest;

public sealed class GetTaskHandler(ITaskRepository tasks) : IQueryHandler<GetTaskQuery, TaskDto?>
{
    public ValueTask<TaskDto?> Handle(GetTaskQuery query, CancellationToken cancellationToken) =>
        new(tasks.GetTaskAsync(query.UserId, query.TaskId, cancellationToken));
}
