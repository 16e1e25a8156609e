using System.Text.Json.Serialization;
using Mediator;
using TodoChat.Application.Common;
using TodoChat.Application.Common.Idempotency;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Common.Messaging;
using TodoChat.Application.Common.Quotas;
using TodoChat.Domain.Tasks;

namespace TodoChat.Application.Tasks.Commands.CreateTask;

public sealed record CreateTaskCommand(
    string UserId,
    string Title,
    string? Description,
    [property: JsonIgnore] string? IdempotencyKey = null) : ICommand<TaskDto>, IUserRequest, IIdempotentCommand
{
    [JsonIgnore]
    public string Operation => "create_task";
}

public sealed class CreateTaskHandler(ITaskRepository tasks, AccountQuotas quotas, TimeProvider clock) : ICommandHandler<CreateTaskCommand, TaskDto>
{
    public async ValueTask<TaskDto> Handle(CreateTaskCommand command, CancellationToken cancellationToken)
    {
        await quotas.EnsureRoomForTaskAsync(command.UserId, cancellationToken);
        var task = new TodoTask(command.UserId, command.Title.Trim(), command.Description?.Trim(), clock.GetUtcNowMicroseconds());
        await tasks.AddTaskAsync(task, cancellationToken);
        return task.ToDto();
    }
}
