using Microsoft.EntityFrameworkCore;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Tasks;
using TodoChat.Application.Tasks.Queries.GetTaskCounts;
using TodoChat.Domain.Tasks;

namespace TodoChat.Infrastructure.Persistence.Repositories;

internal sealed class TaskRepository(TodoChatDbContext db) : ITaskRepository
{
    /// <summary>One range read: (user_id, id) for all tasks, (user_id, completed, id) for one status.</summary>
    public async Task<IReadOnlyList<TaskDto>> GetTaskPageAsync(string userId, TaskStatusFilter status, int? afterId, int take, CancellationToken cancellationToken)
    {
        var query = db.Tasks.AsNoTracking().Where(t => t.UserId == userId);
        query = status switch
        {
            TaskStatusFilter.Pending => query.Where(t => !t.Completed),
            TaskStatusFilter.Completed => query.Where(t => t.Completed),
            _ => query,
        };
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
}
