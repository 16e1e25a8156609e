using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;
using TodoChat.Application.Tasks.Tools;
using TodoChat.Infrastructure.Ai;
using TodoChat.Infrastructure.Ai.Builtin;

namespace TodoChat.Infrastructure.UnitTests.Ai.Builtin;

/// <summary>
/// Runs one chat turn of the builtin agent against a list held in memory, as the function-invocation
/// pipeline would: it executes the tool calls the agent makes, hands back their results, and asks again
/// until the agent replies. Tool calls are described with titles in place of ids, so tables read as prose.
/// </summary>
internal sealed class AgentHarness
{
    /// <summary>Ids 1 to 12 in this order; the last two are completed.</summary>
    public static readonly string[] StandardTitles =
    [
        "Buy groceries", "Team meeting notes", "Call mom", "Pay rent", "Write report", "Read report",
        "Walk the dog", "Eggs", "Book dentist appointment", "Water the plants", "File taxes", "Renew passport",
    ];

    private readonly List<TaskListItem> tasks;
    private readonly IChatClient agent;

    public AgentHarness(ITitleSimilarity? similarity, IReadOnlyList<TaskListItem>? list = null)
    {
        tasks = list?.ToList() ?? StandardTitles.Select((title, i) => new TaskListItem(i + 1, title, i >= 10)).ToList();
        agent = new BuiltinChatClient(new TurnPlanner(new TaskMatcher(similarity)));
    }

    public async Task<(string Calls, string Reply)> TurnAsync(string message)
    {
        var titles = tasks.ToDictionary(t => t.Id, t => t.Title);
        var history = new List<ChatMessage> { new(ChatRole.User, message) };
        var calls = new List<string>();
        for (var round = 0; round < 8; round++)
        {
            var response = await agent.GetResponseAsync(history);
            var requested = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
            if (requested.Count == 0)
            {
                return (string.Join(" ; ", calls), response.Text);
            }

            history.AddRange(response.Messages);
            var results = new List<AIContent>();
            foreach (var call in requested)
            {
                calls.Add(Describe(call, titles));
                results.Add(new FunctionResultContent(call.CallId, JsonSerializer.SerializeToElement(Run(call), AiJson.Options)));
            }

            history.Add(new ChatMessage(ChatRole.Tool, results));
        }

        throw new InvalidOperationException("The agent kept calling tools.");
    }

    private object Run(FunctionCallContent call)
    {
        var args = call.Arguments ?? new Dictionary<string, object?>();
        int Id() => Convert.ToInt32(args["task_id"], CultureInfo.InvariantCulture);
        switch (call.Name)
        {
            case TaskToolbox.ListTasks:
                var status = args.TryGetValue("status", out var s) ? s?.ToString() : "all";
                var listed = tasks.Where(t => status switch { "pending" => !t.Completed, "completed" => t.Completed, _ => true }).ToList();
                return new TaskListResult(listed.Take(TaskToolbox.ListLimit).ToList(), tasks.Count, tasks.Count(t => !t.Completed), tasks.Count(t => t.Completed), Math.Max(0, listed.Count - TaskToolbox.ListLimit));
            case TaskToolbox.AddTask:
                var added = new TaskListItem(tasks.Max(t => t.Id) + 1, args["title"]!.ToString()!, false);
                tasks.Add(added);
                return new TaskToolResult(added.Id, TaskToolStatus.Created, added.Title);
            default:
                var task = tasks.FirstOrDefault(t => t.Id == Id());
                if (task is null)
                {
                    return TaskToolResult.NotFound(Id());
                }

                var outcome = call.Name switch
                {
                    TaskToolbox.CompleteTask => TaskToolStatus.Completed,
                    TaskToolbox.DeleteTask => TaskToolStatus.Deleted,
                    _ => TaskToolStatus.Updated,
                };
                var title = args.TryGetValue("title", out var t) && t is not null ? t.ToString()! : task.Title;
                tasks.Remove(task);
                if (outcome != TaskToolStatus.Deleted)
                {
                    tasks.Add(task with { Title = title, Completed = task.Completed || outcome == TaskToolStatus.Completed });
                    tasks.Sort((a, b) => a.Id.CompareTo(b.Id));
                }

                return new TaskToolResult(task.Id, outcome, title);
        }
    }

    private static string Describe(FunctionCallContent call, Dictionary<int, string> titles)
    {
        var arguments = (call.Arguments ?? new Dictionary<string, object?>())
            .OrderBy(a => a.Key, StringComparer.Ordinal)
            .Select(a => a.Key == "task_id" && titles.TryGetValue(Convert.ToInt32(a.Value, CultureInfo.InvariantCulture), out var title)
                ? $"task_id={title}"
                : $"{a.Key}={Convert.ToString(a.Value, CultureInfo.InvariantCulture)}");
        return $"{call.Name}({string.Join(",", arguments)})";
    }
}
