using Mediator;
using TodoChat.Application.Common;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Common.Messaging;

namespace TodoChat.Application.Tasks.Commands.UpdateTask;

/// <summary>
/// Changes a task. A null field keeps its value; an empty <see cref="Description"/> clears it.
/// Returns null when the user has no such task.
/// </summary>
public sealed record UpdateTaskCommand(string UserId, int TaskId, string? Title, string? Description, bool? Completed)
    : ICommand<TaskDto?>, IUserRequest;

public sealed class UpdateTaskHandler(ITaskRepository tasks, TimeProvider clock) : ICommandHandler<UpdateTaskCommand, TaskDto?>
{
    public async ValueTask<TaskDto?> Handle(UpdateTaskCommand command, CancellationToken cancellationToken)
    {
        var task = await tasks.FindTaskForUpdateAsync(command.UserId, command.TaskId, cancellationToken);
        if (task is null)
        {
            return null;
        }

        task.Update(command.Title?.Trim(), command.Description?.Trim(), command.Completed, clock.GetUtcNowMicroseconds());
        await tasks.SaveChangesAsync(cancellationToken);
        return task.ToDto();
    }
}
