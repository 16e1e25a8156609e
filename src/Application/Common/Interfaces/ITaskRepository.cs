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

    /// <summary>
    /// For a unit of work (<see cref="Tasks.Tools.TaskWorkspace"/>), outside any transaction: the task as
    /// an untracked entity with the version it was read at, or null when the user has no such task.
    /// </summary>
    Task<VersionedTask?> ReadTaskAsync(string userId, int taskId, CancellationToken cancellationToken);

    /// <summary>Like <see cref="GetTaskPageAsync"/> from the start, leaving out <paramref name="excludedIds"/>, each task with the version it was read at.</summary>
    Task<IReadOnlyList<VersionedTask>> ReadTaskPageAsync(string userId, TaskStatusFilter status, IReadOnlyCollection<int> excludedIds, int take, CancellationToken cancellationToken);

    /// <summary>An id for a task not stored yet, taken from the tasks' own sequence: never given out twice.</summary>
    Task<int> ReserveTaskIdAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Inside the caller's transaction: checks that every task in <paramref name="readVersions"/> still
    /// has that version (row-locking, in id order, those it changes), and stages the changes:
    /// <see cref="StagedTask.After"/> null deletes, a new task is inserted under its reserved id. Written by
    /// the next <see cref="SaveChangesAsync"/>. Throws <see cref="Exceptions.ConcurrentChangeException"/>
    /// when a task changed or vanished since it was read; nothing is staged then.
    /// </summary>
    Task StageChangesAsync(string userId, IReadOnlyDictionary<int, uint> readVersions, IReadOnlyList<StagedTask> changes, CancellationToken cancellationToken);
}

/// <summary>A task and the version (PostgreSQL's <c>xmin</c>) it was read at.</summary>
public sealed record VersionedTask(TodoTask Task, uint Version);

/// <summary>A task a unit of work changed: <see cref="After"/> is its new state, null when deleted; <see cref="IsNew"/> when it was added.</summary>
public sealed record StagedTask(int Id, TodoTask? After, bool IsNew);
