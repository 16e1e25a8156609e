using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using TodoChat.Application.Tasks.Tools;
using TodoChat.WebApi.Auth;

namespace TodoChat.WebApi.Mcp;

/// <summary>
/// The five task tools over MCP (streamable HTTP at <c>/mcp</c>), the same implementation the chat
/// agent uses; each call is a unit of work of its own, committed before it answers. The user is the
/// bearer token's <c>sub</c>; no tool takes a user.
/// </summary>
[McpServerToolType]
public sealed class TaskMcpTools(TaskToolbox toolbox, TaskWorkspaces workspaces, IHttpContextAccessor http)
{
    /// <summary>Tool results in the contract's snake_case, as the chat endpoint shows them.</summary>
    public static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        TypeInfoResolver = JsonTypeInfoResolver.Combine(McpJsonUtilities.DefaultOptions.TypeInfoResolver, new DefaultJsonTypeInfoResolver()),
    };

    private string UserId => http.HttpContext?.User.UserId() ?? throw new InvalidOperationException("MCP tools run only inside an authenticated request.");

    [McpServerTool(Name = TaskToolbox.AddTask, Destructive = false, Idempotent = false), Description(TaskToolDescriptions.AddTask)]
    public Task<TaskToolResult> AddTask(
        [Description(TaskToolDescriptions.Title)] string title,
        [Description(TaskToolDescriptions.Description)] string? description = null,
        CancellationToken cancellationToken = default) =>
        workspaces.RunAsync(UserId, tasks => toolbox.AddTaskAsync(tasks, title, description, cancellationToken), cancellationToken);

    [McpServerTool(Name = TaskToolbox.ListTasks, ReadOnly = true), Description(TaskToolDescriptions.ListTasks)]
    public Task<TaskListResult> ListTasks(
        [Description(TaskToolDescriptions.Status)] string? status = "all",
        CancellationToken cancellationToken = default) =>
        workspaces.RunAsync(UserId, tasks => toolbox.ListTasksAsync(tasks, status, cancellationToken), cancellationToken);

    [McpServerTool(Name = TaskToolbox.CompleteTask, Destructive = false, Idempotent = true), Description(TaskToolDescriptions.CompleteTask)]
    public Task<TaskToolResult> CompleteTask(
        [Description(TaskToolDescriptions.TaskId)] int task_id,
        CancellationToken cancellationToken = default) =>
        workspaces.RunAsync(UserId, tasks => toolbox.CompleteTaskAsync(tasks, task_id, cancellationToken), cancellationToken);

    [McpServerTool(Name = TaskToolbox.DeleteTask, Destructive = true, Idempotent = true), Description(TaskToolDescriptions.DeleteTask)]
    public Task<TaskToolResult> DeleteTask(
        [Description(TaskToolDescriptions.TaskId)] int task_id,
        CancellationToken cancellationToken = default) =>
        workspaces.RunAsync(UserId, tasks => toolbox.DeleteTaskAsync(tasks, task_id, cancellationToken), cancellationToken);

    [McpServerTool(Name = TaskToolbox.UpdateTask, Destructive = false, Idempotent = true), Description(TaskToolDescriptions.UpdateTask)]
    public Task<TaskToolResult> UpdateTask(
        [Description(TaskToolDescriptions.TaskId)] int task_id,
        [Description(TaskToolDescriptions.Title)] string? title = null,
        [Description(TaskToolDescriptions.Description)] string? description = null,
        CancellationToken cancellationToken = default) =>
        workspaces.RunAsync(UserId, tasks => toolbox.UpdateTaskAsync(tasks, task_id, title, description, cancellationToken), cancellationToken);
}
