using Mediator;
using TodoChat.Application.Common;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Common.Messaging;

namespace TodoChat.Application.Tasks.Commands.CompleteTask;

/// <summary>Marks a task completed (or, with <c>Completed = false</c>, pending again). Null when there is no such task.</summary>
public sealed record CompleteTaskCommand(string UserId, int TaskId, bool Completed = true) : ICommand<TaskDto?>, IUserRequest;

public sealed class CompleteTaskHandler(ITaskRepository tasks, TimeProvider clock) : ICommandHandler<CompleteTaskCommand, TaskDto?>
{
    public async ValueTask<TaskDto?> Handle(CompleteTaskCommand command, CancellationToken cancellationToken)
    {
        var task = await tasks.FindTaskForUpdateAsync(command.UserId, command.TaskId, cancellationToken);
        if (task is null)
        {
            return null;
        }

        task.SetCompleted(command.Completed, clock.GetUtcNowMicroseconds());
        await tasks.SaveChangesAsync(cancellationToken);
        return task.ToDto();
    }
}
