using TodoChat.Application.Tasks;
using TodoChat.Application.Tasks.Queries.GetTaskCounts;
using TodoChat.Domain.Tasks;

namespace TodoChat.Application.Common.Interfaces;

/// <summary>Storage of one user's tasks. Every method is scoped to a user: another user's task is simply not there.</summary>
public interface ITaskRepository
{
    /// <summary>Up to <paramref name="take"/> tasks with the status, by id, after the task <paramref name="afterId"/> (from the start when null).</summary>
    Task<IReadOnlyList<TaskDto>> GetTaskPageAsync(string userId, TaskStatusFilter status, int? afterId, int take, CancellationToken cancellationToken);

    /// <summary>The user's tasks counted, in all and by status, in one index scan.</summary>
    Task<TaskCountsDto> GetTaskCountsAsync(string userId, CancellationToken cancellationToken);

    Task<TaskDto?> GetTaskAsync(string userId, int taskId, CancellationToken cancellationToken);

    /// <summary>Loads a task to change it; the change is written by <see cref="SaveChangesAsync"/>.</summary>
    Task<TodoTask?> FindTaskForUpdateAsync(string userId, int taskId, CancellationToken cancellationToken);

    Task AddTaskAsync(TodoTask task, CancellationToken cancellationToken);

    /// <summary>Deletes the task and returns it as it was, or null when the user has no such task.</summary>
    Task<TaskDto?> DeleteTaskAsync(string userId, int taskId, CancellationToken cancellationToken);

    Task SaveChangesAsync(CancellationToken cancellationToken);
}
