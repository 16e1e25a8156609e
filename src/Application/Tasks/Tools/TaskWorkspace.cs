using TodoChat.Application.Common;
using TodoChat.Application.Common.Exceptions;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Common.Quotas;
using TodoChat.Application.Tasks.Queries.GetTaskCounts;
using TodoChat.Domain.Tasks;

namespace TodoChat.Application.Tasks.Tools;

/// <summary>
/// One unit of work over a user's tasks, held in memory while an agent thinks. The task tools read
/// through it (each read is one short query on a pooled connection, never a transaction) and stage
/// their changes in it; later tools see what earlier ones did. Nothing is written until
/// <see cref="CommitAsync"/>, inside the caller's short transaction, checks that every task it read
/// still has the version it was read at and writes the changes in id order. A new task gets its id
/// from the database when it is added, so the agent can name it at once.
/// </summary>
public sealed class TaskWorkspace
{
    private readonly ITaskRepository _tasks;
    private readonly IAccountUsage _usage;
    private readonly QuotaOptions _quotas;
    private readonly TimeProvider _clock;

    // Every stored task read, with the version first seen: the commit checks them all.
    private readonly Dictionary<int, uint> _readVersions = [];

    // Every task changed: its state before (null: added in this unit) and after (null: deleted).
    private readonly SortedDictionary<int, Change> _changes = [];

    internal TaskWorkspace(string userId, ITaskRepository tasks, IAccountUsage usage, QuotaOptions quotas, TimeProvider clock)
    {
        UserId = userId;
        _tasks = tasks;
        _usage = usage;
        _quotas = quotas;
        _clock = clock;
    }

    public string UserId { get; }

    /// <summary>Whether a tool changed anything: a unit that only read has nothing to commit.</summary>
    public bool HasChanges => _changes.Count > 0;

    /// <summary>Adds a task under a freshly reserved id; throws <see cref="QuotaExceededException"/> when the account is full.</summary>
    public async Task<TodoTask> AddAsync(string title, string? description, CancellationToken cancellationToken)
    {
        var limit = _quotas.TasksPerUser;
        if (limit > 0)
        {
            var removed = _changes.Values.Count(c => c.Before is not null && c.After is null);
            var added = _changes.Values.Count(c => c.Before is null && c.After is not null);
            var stored = await _usage.CountTasksAsync(UserId, limit + removed, cancellationToken);
            if (stored - removed + added >= limit)
            {
                throw new QuotaExceededException(QuotaKind.Tasks, limit);
            }
        }

        var id = await _tasks.ReserveTaskIdAsync(cancellationToken);
        var task = new TodoTask(id, UserId, title, description, _clock.GetUtcNowMicroseconds());
        _changes[id] = new Change(null, task);
        return task;
    }

    /// <summary>Marks the task completed; null when the user has no such task (or this unit deleted it).</summary>
    public async Task<TodoTask?> CompleteAsync(int taskId, CancellationToken cancellationToken)
    {
        var task = await ChangeAsync(taskId, cancellationToken);
        task?.SetCompleted(true, _clock.GetUtcNowMicroseconds());
        return task;
    }

    /// <summary>Changes what is given (null keeps, an empty description clears); null when there is no such task.</summary>
    public async Task<TodoTask?> UpdateAsync(int taskId, string? title, string? description, CancellationToken cancellationToken)
    {
        var task = await ChangeAsync(taskId, cancellationToken);
        task?.Update(title, description, null, _clock.GetUtcNowMicroseconds());
        return task;
    }

    /// <summary>Deletes the task and returns it as it was; null when there is no such task.</summary>
    public async Task<TodoTask?> DeleteAsync(int taskId, CancellationToken cancellationToken)
    {
        var task = await ChangeAsync(taskId, cancellationToken);
        if (task is not null)
        {
            _changes[taskId] = _changes[taskId] with { After = null };
        }

        return task;
    }

    /// <summary>
    /// The first <paramref name="take"/> tasks with the status, by id, as this unit sees them (its own
    /// changes applied), and the user's counts likewise.
    /// </summary>
    public async Task<(IReadOnlyList<TaskDto> Tasks, TaskCountsDto Counts)> ListAsync(TaskStatusFilter status, int take, CancellationToken cancellationToken)
    {
        // Stored tasks this unit changed are left out of the read and taken from memory instead.
        var stored = await _tasks.ReadTaskPageAsync(UserId, status, _changes.Keys, take, cancellationToken);
        foreach (var read in stored)
        {
            _readVersions.TryAdd(read.Task.Id, read.Version);
        }

        var page = stored.Select(r => r.Task.ToDto())
            .Concat(_changes.Values.Select(c => c.After).OfType<TodoTask>().Where(t => Matches(status, t)).Select(t => t.ToDto()))
            .OrderBy(t => t.Id)
            .Take(take)
            .ToList();

        var counts = await _tasks.GetTaskCountsAsync(UserId, cancellationToken);
        int total = counts.Total, completed = counts.Completed;
        foreach (var change in _changes.Values)
        {
            if (change.Before is { } before)
            {
                total--;
                completed -= before.Completed ? 1 : 0;
            }

            if (change.After is { } after)
            {
                total++;
                completed += after.Completed ? 1 : 0;
            }
        }

        return (page, new TaskCountsDto(total, total - completed, completed));
    }

    /// <summary>
    /// Inside the caller's transaction: checks every task read and stages every change (written by the
    /// caller's next save). Throws <see cref="ConcurrentChangeException"/> when another request changed
    /// a task this unit read; the unit must then be run again from the start. A unit that changed
    /// nothing is a snapshot of the list, like any GET, and has nothing to check.
    /// </summary>
    public Task CommitAsync(CancellationToken cancellationToken) =>
        !HasChanges
            ? Task.CompletedTask
            : _tasks.StageChangesAsync(
                UserId,
                _readVersions,
                _changes.Select(c => new StagedTask(c.Key, c.Value.After, c.Value.Before is null)).ToList(),
                cancellationToken);

    private static bool Matches(TaskStatusFilter status, TodoTask task) => status switch
    {
        TaskStatusFilter.Pending => !task.Completed,
        TaskStatusFilter.Completed => task.Completed,
        _ => true,
    };

    /// <summary>The task to change: this unit's copy, or the stored task, read and remembered with its version.</summary>
    private async Task<TodoTask?> ChangeAsync(int taskId, CancellationToken cancellationToken)
    {
        if (_changes.TryGetValue(taskId, out var change))
        {
            return change.After;
        }

        if (await _tasks.ReadTaskAsync(UserId, taskId, cancellationToken) is not { } read)
        {
            return null;
        }

        _readVersions.TryAdd(taskId, read.Version);
        _changes[taskId] = new Change(read.Task.ToDto(), read.Task);
        return read.Task;
    }

    private sealed record Change(TaskDto? Before, TodoTask? After);
}
