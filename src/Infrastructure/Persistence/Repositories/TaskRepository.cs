using Microsoft.EntityFrameworkCore;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Tasks;
using TodoChat.Domain.Tasks;

namespace TodoChat.Infrastructure.Persistence.Repositories;

internal sealed class TaskRepository(TodoChatDbContext db) : ITaskRepository
{
    public async Task<IReadOnlyList<TaskDto>> GetTasksAsync(string userId, TaskStatusFilter status, CancellationToken cancellationToken)
    {
        var query = db.Tasks.AsNoTracking().Where(t => t.UserId == userId);
        query = status switch
        {
            TaskStatusFilter.Pending => query.Where(t => !t.Completed),
            TaskStatusFilter.Completed => query.Where(t => t.Completed),
            _ => query,
        };
        return await query.OrderBy(t => t.Id).ProjectToDto().ToListAsync(cancellationToken);
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
