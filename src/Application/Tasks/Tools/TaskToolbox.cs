using System.Text.Json.Serialization;
using FluentValidation;
using TodoChat.Application.Common.Exceptions;
using TodoChat.Application.Tasks.Commands.CreateTask;
using TodoChat.Application.Tasks.Commands.UpdateTask;
using ValidationException = TodoChat.Application.Common.Exceptions.ValidationException;

namespace TodoChat.Application.Tasks.Tools;

/// <summary>
/// The five task tools, implemented once over a <see cref="TaskWorkspace"/>, for the chat agent (one
/// unit for the whole turn, committed with its messages) and the MCP server (one unit per call) alike.
/// The user is the workspace's, from the token, never a tool argument, so no prompt can reach another
/// user's tasks. Expected outcomes (no such task, a rule broken, a full account) are results the agent
/// can explain, not exceptions. Arguments follow the same rules as the REST commands'.
/// </summary>
public sealed class TaskToolbox(IValidator<CreateTaskCommand> newTasks, IValidator<UpdateTaskCommand> taskChanges)
{
    public const string AddTask = "add_task";
    public const string ListTasks = "list_tasks";
    public const string CompleteTask = "complete_task";
    public const string DeleteTask = "delete_task";
    public const string UpdateTask = "update_task";

    /// <summary>
    /// The most tasks <c>list_tasks</c> returns. Small enough that a listing, its reply and a bulk
    /// action on everything listed ("delete all completed") fit in one turn's tool calls and reply.
    /// </summary>
    public const int ListLimit = 25;

    public async Task<TaskToolResult> AddTaskAsync(TaskWorkspace tasks, string title, string? description, CancellationToken cancellationToken)
    {
        var rules = newTasks.Validate(new CreateTaskCommand(tasks.UserId, title, description));
        if (!rules.IsValid)
        {
            return TaskToolResult.Invalid(0, new ValidationException(rules.Errors));
        }

        try
        {
            var task = await tasks.AddAsync(title.Trim(), description?.Trim(), cancellationToken);
            return new TaskToolResult(task.Id, TaskToolStatus.Created, task.Title);
        }
        catch (QuotaExceededException full)
        {
            return new TaskToolResult(0, TaskToolStatus.QuotaExceeded, null, $"The user already has {full.Limit:N0} tasks, the most an account may hold: some must be deleted before another can be added.");
        }
    }

    /// <summary>
    /// The first <see cref="ListLimit"/> tasks with the status, oldest first, and how many there are:
    /// a result, and the reply built from it, stay small however long the list.
    /// </summary>
    public async Task<TaskListResult> ListTasksAsync(TaskWorkspace tasks, string? status, CancellationToken cancellationToken)
    {
        // An unknown filter lists everything rather than failing the turn.
        var filter = TaskStatusFilters.TryParse(status, out var parsed) ? parsed : TaskStatusFilter.All;
        var (page, counts) = await tasks.ListAsync(filter, ListLimit, cancellationToken);
        return new TaskListResult(
            page.Select(t => new TaskListItem(t.Id, t.Title, t.Completed)).ToList(),
            counts.Total,
            counts.Pending,
            counts.Completed,
            Math.Max(0, counts.For(filter) - page.Count));
    }

    public async Task<TaskToolResult> CompleteTaskAsync(TaskWorkspace tasks, int taskId, CancellationToken cancellationToken)
    {
        var task = await tasks.CompleteAsync(taskId, cancellationToken);
        return task is null ? TaskToolResult.NotFound(taskId) : new TaskToolResult(task.Id, TaskToolStatus.Completed, task.Title);
    }

    public async Task<TaskToolResult> DeleteTaskAsync(TaskWorkspace tasks, int taskId, CancellationToken cancellationToken)
    {
        var task = await tasks.DeleteAsync(taskId, cancellationToken);
        return task is null ? TaskToolResult.NotFound(taskId) : new TaskToolResult(task.Id, TaskToolStatus.Deleted, task.Title);
    }

    public async Task<TaskToolResult> UpdateTaskAsync(TaskWorkspace tasks, int taskId, string? title, string? description, CancellationToken cancellationToken)
    {
        if (title is null && description is null)
        {
            return new TaskToolResult(taskId, TaskToolStatus.Invalid, null, "Give a new title, a new description, or both.");
        }

        var rules = taskChanges.Validate(new UpdateTaskCommand(tasks.UserId, taskId, title, description, null));
        if (!rules.IsValid)
        {
            return TaskToolResult.Invalid(taskId, new ValidationException(rules.Errors));
        }

        var task = await tasks.UpdateAsync(taskId, title?.Trim(), description?.Trim(), cancellationToken);
        return task is null ? TaskToolResult.NotFound(taskId) : new TaskToolResult(task.Id, TaskToolStatus.Updated, task.Title);
    }
}

public static class TaskToolStatus
{
    public const string Created = "created";
    public const string Completed = "completed";
    public const string Deleted = "deleted";
    public const string Updated = "updated";
    public const string NotFound = "not_found";
    public const string Invalid = "invalid";
    public const string QuotaExceeded = "quota_exceeded";
}

/// <summary>What a changing tool reports: <c>{ "task_id", "status", "title" }</c>, and <c>error</c> when it did nothing.</summary>
public sealed record TaskToolResult(
    int TaskId,
    string Status,
    string? Title,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null)
{
    public static TaskToolResult NotFound(int taskId) =>
        new(taskId, TaskToolStatus.NotFound, null, $"There is no task {taskId} on the user's list.");

    public static TaskToolResult Invalid(int taskId, ValidationException invalid) =>
        new(taskId, TaskToolStatus.Invalid, null, string.Join(" ", invalid.Errors.SelectMany(e => e.Value)));
}

/// <summary>One entry of <c>list_tasks</c>: <c>{ "id", "title", "completed" }</c>.</summary>
public sealed record TaskListItem(int Id, string Title, bool Completed);

/// <summary>
/// What <c>list_tasks</c> answers: <c>{ "tasks": [...], "total", "pending", "completed", "more" }</c>,
/// the first tasks with the status asked for, the user's counts, and how many more have that status.
/// </summary>
public sealed record TaskListResult(IReadOnlyList<TaskListItem> Tasks, int Total, int Pending, int Completed, int More);

/// <summary>The tools' descriptions, shared by the agent's function declarations and the MCP server.</summary>
public static class TaskToolDescriptions
{
    public const string AddTask = "Add a task to the user's todo list. Use for add, create, remember, remind me to.";
    public const string ListTasks =
        "List the user's tasks, oldest first, at most 25, with the counts of all, pending and completed tasks; 'more' is how many more have the status asked for. " +
        "status: 'all' (default), 'pending' (not done yet) or 'completed'.";
    public const string CompleteTask = "Mark one of the user's tasks as completed, by its id.";
    public const string DeleteTask = "Delete one of the user's tasks, by its id.";
    public const string UpdateTask = "Change a task's title and/or description, by its id. An empty description clears it.";
    public const string Title = "The task's title, 1 to 500 characters.";
    public const string Description = "Optional details, up to 5,000 characters.";
    public const string TaskId = "The task's id, as list_tasks shows it.";
    public const string Status = "all, pending or completed";
}
