using Mediator;
using TodoChat.Application.Common;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Common.Messaging;
using TodoChat.Domain.Tasks;

namespace TodoChat.Application.Tasks.Commands.CreateTask;

public sealed record CreateTaskCommand(string UserId, string Title, string? Description) : ICommand<TaskDto>, IUserRequest;

public sealed class CreateTaskHandler(ITaskRepository tasks, TimeProvider clock) : ICommandHandler<CreateTaskCommand, TaskDto>
{
    public async ValueTask<TaskDto> Handle(CreateTaskCommand command, CancellationToken cancellationToken)
    {
        var task = new TodoTask(command.UserId, command.Title.Trim(), command.Description?.Trim(), clock.GetUtcNowMicroseconds());
        await tasks.AddTaskAsync(task, cancellationToken);
        return task.ToDto();
    }
}
