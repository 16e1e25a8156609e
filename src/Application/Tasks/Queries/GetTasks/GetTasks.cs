using Mediator;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Common.Messaging;

namespace TodoChat.Application.Tasks.Queries.GetTasks;

/// <summary>
/// The user's tasks, oldest first, a page at a time. <see cref="Status"/> is <c>all</c> (default),
/// <c>pending</c> or <c>completed</c>; <see cref="Cursor"/> is a page's <c>next_cursor</c>, for the same status.
/// </summary>
public sealed record GetTasksQuery(string UserId, string? Status = null, int Limit = GetTasksQuery.DefaultLimit, string? Cursor = null)
    : IQuery<TaskListPage>, IUserRequest
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
}

public sealed record TaskListPage(IReadOnlyList<TaskDto> Data, bool HasMore, string? NextCursor);

public sealed class GetTasksHandler(ITaskRepository tasks, ICursorProtector cursors) : IQueryHandler<GetTasksQuery, TaskListPage>
{
    public async ValueTask<TaskListPage> Handle(GetTasksQuery query, CancellationToken cancellationToken)
    {
        TaskStatusFilters.TryParse(query.Status, out var status);
        var after = query.Cursor is null ? null : TaskListCursor.Decode(query.Cursor, cursors);

        // One row more than the page says whether another page follows.
        var rows = await tasks.GetTaskPageAsync(query.UserId, status, after?.AfterId, checked(query.Limit + 1), cancellationToken);
        var hasMore = rows.Count > query.Limit;
        var page = hasMore ? rows.Take(query.Limit).ToList() : rows;
        var next = hasMore ? new TaskListCursor(status, page[^1].Id).Encode(cursors) : null;
        return new TaskListPage(page, hasMore, next);
    }
}
