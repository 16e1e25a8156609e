using Microsoft.EntityFrameworkCore;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Tasks;
using TodoChat.Application.Tasks.Queries.GetTaskCounts;
using TodoChat.Application.Common.Exceptions;
using TodoChat.Domain.Tasks;
using TodoChat.Infrastructure.Persistence.Configurations;

namespace TodoChat.Infrastructure.Persistence.Repositories;

internal sealed class TaskRepository(TodoChatDbContext db) : ITaskRepository
{
    /// <summary>One range read: (user_id, id) for all tasks, (user_id, completed, id) for one status.</summary>
    public async Task<IReadOnlyList<TaskDto>> GetTaskPageAsync(string userId, TaskStatusFilter status, int? afterId, int take, CancellationToken cancellationToken)
    {
        var query = WithStatus(db.Tasks.AsNoTracking().Where(t => t.UserId == userId), status);
        if (afterId is int after)
        {
            query = query.Where(t => t.Id > after);
        }

        return await query.OrderBy(t => t.Id).Take(take).ProjectToDto().ToListAsync(cancellationToken);
    }

    public async Task<TaskCountsDto> GetTaskCountsAsync(string userId, CancellationToken cancellationToken)
    {
        var counts = await db.Tasks.AsNoTracking()
            .Where(t => t.UserId == userId)
            .GroupBy(_ => 1)
            .Select(g => new { Total = g.Count(), Completed = g.Count(t => t.Completed) })
            .FirstOrDefaultAsync(cancellationToken);
        return counts is null ? new TaskCountsDto(0, 0, 0) : new TaskCountsDto(counts.Total, counts.Total - counts.Completed, counts.Completed);
    }

    public Task<TaskDto?> GetTaskAsync(string userId, int taskId, CancellationToken cancellationToken) =>
        db.Tasks.AsNoTracking()
            .Where(t => t.UserId == userId && t.Id == taskId)
            .ProjectToDto()
            .FirstOrDefaultAsync(cancellationToken);

    public Task<TodoTask?> FindTaskForUpdateAsync(string userId, int taskId, CancellationToken cancellationToken) =>
        db.Tasks.FirstOrDefaultAsync(t => t.UserId == userId && t.Id == taskId, cancellationToken);

    public async Task AddTaskAsync(TodoTask task, CancellationToken cancellationToken)
    {
        db.Tasks.Add(task);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<TaskDto?> DeleteTaskAsync(string userId, int taskId, CancellationToken cancellationToken)
    {
        var task = await FindTaskForUpdateAsync(userId, taskId, cancellationToken);
        if (task is null)
        {
            return null;
        }

        db.Tasks.Remove(task);
        await db.SaveChangesAsync(cancellationToken);
        return task.ToDto();
    }

    public Task SaveChangesAsync(CancellationToken cancellationToken) => db.SaveChangesAsync(cancellationToken);

    public async Task<VersionedTask?> ReadTaskAsync(string userId, int taskId, CancellationToken cancellationToken)
    {
        var read = await db.Tasks.AsNoTracking()
            .Where(t => t.UserId == userId && t.Id == taskId)
            .Select(t => new { Task = t, Version = EF.Property<uint>(t, TodoTaskConfiguration.VersionProperty) })
            .FirstOrDefaultAsync(cancellationToken);
        return read is null ? null : new VersionedTask(read.Task, read.Version);
    }

    public async Task<IReadOnlyList<VersionedTask>> ReadTaskPageAsync(string userId, TaskStatusFilter status, IReadOnlyCollection<int> excludedIds, int take, CancellationToken cancellationToken)
    {
        var query = WithStatus(db.Tasks.AsNoTracking().Where(t => t.UserId == userId), status);
        if (excludedIds.Count > 0)
        {
            var excluded = excludedIds.ToArray();
            query = query.Where(t => !excluded.Contains(t.Id));
        }

        var rows = await query
            .OrderBy(t => t.Id)
            .Take(take)
            .Select(t => new { Task = t, Version = EF.Property<uint>(t, TodoTaskConfiguration.VersionProperty) })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new VersionedTask(r.Task, r.Version)).ToList();
    }

    public Task<int> ReserveTaskIdAsync(CancellationToken cancellationToken) =>
        db.Database.SqlQuery<int>($"SELECT nextval(pg_get_serial_sequence('tasks', 'id'))::integer AS \"Value\"").SingleAsync(cancellationToken);

    public async Task StageChangesAsync(string userId, IReadOnlyDictionary<int, uint> readVersions, IReadOnlyList<StagedTask> changes, CancellationToken cancellationToken)
    {
        // The tasks to change, row-locked in id order (every writer of several tasks locks in this
        // order, so two turns cannot deadlock), each still as it was read.
        var changed = changes.Where(c => !c.IsNew).Select(c => c.Id).Order().ToArray();
        var locked = changed.Length == 0
            ? []
            : await db.Tasks
                .FromSql($"SELECT t.*, t.xmin FROM tasks AS t WHERE t.user_id = {userId} AND t.id = ANY({changed}) ORDER BY t.id FOR UPDATE")
                .ToDictionaryAsync(t => t.Id, cancellationToken);

        // The tasks only read: unchanged too, without a lock (a change after this check orders after the turn).
        var onlyRead = readVersions.Keys.Where(id => Array.BinarySearch(changed, id) < 0).ToArray();
        var current = onlyRead.Length == 0
            ? []
            : await db.Tasks.AsNoTracking()
                .Where(t => t.UserId == userId && onlyRead.Contains(t.Id))
                .Select(t => new { t.Id, Version = EF.Property<uint>(t, TodoTaskConfiguration.VersionProperty) })
                .ToDictionaryAsync(t => t.Id, t => t.Version, cancellationToken);

        foreach (var (id, version) in readVersions)
        {
            var now = locked.TryGetValue(id, out var task) ? db.Entry(task).Property<uint>(TodoTaskConfiguration.VersionProperty).CurrentValue
                : current.TryGetValue(id, out var v) ? v
                : (uint?)null;
            if (now != version)
            {
                throw new ConcurrentChangeException(ConcurrentChangeException.Tasks);
            }
        }

        foreach (var change in changes)
        {
            if (change.IsNew)
            {
                if (change.After is { } added)
                {
                    db.Tasks.Add(added);
                }
            }
            else if (!locked.TryGetValue(change.Id, out var task))
            {
                throw new ConcurrentChangeException(ConcurrentChangeException.Tasks);
            }
            else if (change.After is { } after)
            {
                task.Update(after.Title, after.Description ?? string.Empty, after.Completed, after.UpdatedAt);
            }
            else
            {
                db.Tasks.Remove(task);
            }
        }
    }

    /// <summary>One status's range of the (user_id, completed, id) index, or all of the user's tasks.</summary>
    private static IQueryable<TodoTask> WithStatus(IQueryable<TodoTask> query, TaskStatusFilter status) => status switch
    {
        TaskStatusFilter.Pending => query.Where(t => !t.Completed),
        TaskStatusFilter.Completed => query.Where(t => t.Completed),
        _ => query,
    };
}
