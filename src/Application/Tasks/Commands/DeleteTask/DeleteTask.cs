using Mediator;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Common.Messaging;

namespace TodoChat.Application.Tasks.Commands.DeleteTask;

/// <summary>Deletes a task; returns it as it was, or null when there is no such task.</summary>
public sealed record DeleteTaskCommand(string UserId, int TaskId) : ICommand<TaskDto?>, IUserRequest;

public sealed class DeleteTaskHandler(ITaskRepository tasks) : ICommandHandler<DeleteTaskCommand, TaskDto?>
{
    public ValueTask<TaskDto?> Handle(DeleteTaskCommand command, CancellationToken cancellationToken) =>
        new(tasks.DeleteTaskAsync(command.UserId, command.TaskId, cancellationToken));
}
