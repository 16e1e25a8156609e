using System.Text.Json;
using Microsoft.Extensions.AI;
using TodoChat.Application.Tasks;
using TodoChat.Application.Tasks.Tools;

namespace TodoChat.Infrastructure.Ai.Builtin;

/// <summary>A tool that ran in this turn, with its JSON result.</summary>
internal sealed record ToolStep(string Tool, JsonElement Result);

/// <summary>The agent's next move: tool calls to make, or the reply that ends the turn.</summary>
internal sealed record TurnPlan(IReadOnlyList<FunctionCallContent> Calls, string? Reply)
{
    public static TurnPlan Say(string reply) => new([], reply);

    public static TurnPlan Call(IEnumerable<FunctionCallContent> calls) => new([.. calls], null);
}

/// <summary>
/// Decides the next move for an understood request, given the tools already run in the turn: adding
/// and listing call their tool and then report; completing, deleting and updating act by id straight
/// away, or list first and act on what the matcher finds (asking when several tasks fit).
/// </summary>
internal sealed class TurnPlanner(TaskMatcher matcher)
{
    public TurnPlan Next(TaskRequest request, IReadOnlyList<ToolStep> steps) =>
        request.Intent switch
        {
            TaskIntent.Greeting => TurnPlan.Say(AgentReplies.Greeting),
            TaskIntent.Help => TurnPlan.Say(AgentReplies.Help),
            TaskIntent.Thanks => TurnPlan.Say(AgentReplies.Thanks),
            TaskIntent.Add => steps.Count == 0
                ? TurnPlan.Call(request.Titles.Select(title => Tool(TaskToolbox.AddTask, ("title", title), ("description", request.Description))))
                : TurnPlan.Say(AgentReplies.Summarize(steps)),
            TaskIntent.List => steps.Count == 0
                ? TurnPlan.Call([ListTool(request.Status ?? TaskStatusFilter.All)])
                : TurnPlan.Say(AgentReplies.Listing(Listed(steps[^1].Result), request.Status ?? TaskStatusFilter.All)),
            TaskIntent.Complete or TaskIntent.Delete or TaskIntent.Update => Act(request, steps),
            _ => TurnPlan.Say(AgentReplies.NotUnderstood(request.Text)),
        };

    public static TaskListResult Listed(JsonElement result) =>
        (result.ValueKind == JsonValueKind.Object ? result.Deserialize<TaskListResult>(AiJson.Options) : null)
        ?? new TaskListResult([], 0, 0, 0, 0);

    /// <summary>complete, delete and update: by id straight away, otherwise list first, then act on what matches.</summary>
    private TurnPlan Act(TaskRequest request, IReadOnlyList<ToolStep> steps)
    {
        var target = request.Target;
        var tool = request.Intent switch
        {
            TaskIntent.Complete => TaskToolbox.CompleteTask,
            TaskIntent.Delete => TaskToolbox.DeleteTask,
            _ => TaskToolbox.UpdateTask,
        };

        if (request.Intent == TaskIntent.Update && request.NewTitle is null && request.NewDescription is null)
        {
            return TurnPlan.Say(AgentReplies.NewValueMissing);
        }

        // "delete completed tasks": every task with that status.
        if (target.IsEmpty && request.Status is not null && request.Intent != TaskIntent.Update)
        {
            target = TaskReference.Everything;
        }

        if (target.IsEmpty)
        {
            return TurnPlan.Say(AgentReplies.WhichTask(request.Intent));
        }

        if (steps.Any(s => s.Tool == tool))
        {
            return TurnPlan.Say(AgentReplies.Summarize(steps));
        }

        if (!target.NeedsList)
        {
            return TurnPlan.Call(target.Ids.Select(id => ActOn(tool, id, request)));
        }

        if (steps.Count == 0)
        {
            var status = request.Status ?? (request.Intent == TaskIntent.Complete ? TaskStatusFilter.Pending : TaskStatusFilter.All);
            return TurnPlan.Call([ListTool(status)]);
        }

        var listing = Listed(steps[^1].Result);

        // "The last one" is not among the oldest tasks when there are more than a listing holds.
        var match = target.Last && listing.More > 0 ? TaskMatch.None : matcher.Match(listing.Tasks, target);
        if (match.Tasks.Count == 0)
        {
            return TurnPlan.Say(AgentReplies.NoMatch(target, request.Intent, listing));
        }

        return match.Ambiguous
            ? TurnPlan.Say(AgentReplies.Ambiguous(target, match.Tasks))
            : TurnPlan.Call(match.Tasks.Select(task => ActOn(tool, task.Id, request)));
    }

    private static FunctionCallContent ListTool(TaskStatusFilter status) => Tool(TaskToolbox.ListTasks, ("status", status.Name()));

    private static FunctionCallContent ActOn(string tool, int id, TaskRequest request) =>
        tool == TaskToolbox.UpdateTask
            ? Tool(tool, ("task_id", id), ("title", request.NewTitle), ("description", request.NewDescription))
            : Tool(tool, ("task_id", id));

    private static FunctionCallContent Tool(string name, params (string Name, object? Value)[] arguments)
    {
        var args = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (argument, value) in arguments)
        {
            if (value is not null)
            {
                args[argument] = value;
            }
        }

        return new FunctionCallContent("call_" + Guid.NewGuid().ToString("N")[..12], name, args);
    }
}
