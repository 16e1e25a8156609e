using System.Globalization;
using System.Text;
using System.Text.Json;
using TodoChat.Application.Tasks;
using TodoChat.Application.Tasks.Tools;
using TodoChat.Domain.Text;

namespace TodoChat.Infrastructure.Ai.Builtin;

/// <summary>What the builtin agent says: one friendly sentence per outcome.</summary>
internal static class AgentReplies
{
    public const string Greeting =
        "Hi! I keep your todo list. Tell me things like \"add buy milk\", \"what's left?\", \"I finished task 2\" or \"rename 3 to Pay rent\".";

    public const string Help =
        "I can add tasks (\"remind me to call mom\"), show them (\"show pending tasks\"), complete them (\"I finished the groceries one\"), " +
        "delete them (\"scratch task 4\") and rename them (\"rename 2 to Pay rent\"). Name a task by its number or a few words of its title.";

    public const string Thanks = "You're welcome! Anything else on your list?";

    public const string NewValueMissing = "What should I change it to? For example: \"rename 2 to Pay rent\".";

    public static string NotUnderstood(string text) =>
        $"Sorry, I didn't understand \"{Shorten(text)}\". {Help}";

    public static string WhichTask(TaskIntent intent) => intent switch
    {
        TaskIntent.Complete => "Which task did you finish? Tell me its number or a few words of its title.",
        TaskIntent.Delete => "Which task should I delete? Tell me its number or a few words of its title.",
        _ => "Which task should I change? Tell me its number or a few words of its title.",
    };

    public static string Summarize(IEnumerable<ToolStep> steps)
    {
        var sentences = new List<string>();
        foreach (var group in steps.Where(s => s.Tool != TaskToolbox.ListTasks).Select(s => Outcome(s.Result)).GroupBy(o => o.Status))
        {
            var items = group.ToList();
            sentences.Add(group.Key switch
            {
                TaskToolStatus.Created => items.Count == 1
                    ? $"Added \"{items[0].Title}\" to your list as task {items[0].TaskId}."
                    : $"Added {items.Count} tasks: {Join(items.Select(i => $"\"{i.Title}\" ({i.TaskId})"))}.",
                TaskToolStatus.Completed => items.Count == 1
                    ? $"Marked \"{items[0].Title}\" (task {items[0].TaskId}) as done. Nice work!"
                    : $"Marked {items.Count} tasks as done: {Join(items.Select(i => $"\"{i.Title}\""))}. Nice work!",
                TaskToolStatus.Deleted => items.Count == 1
                    ? $"Deleted \"{items[0].Title}\" (task {items[0].TaskId})."
                    : $"Deleted {items.Count} tasks: {Join(items.Select(i => $"\"{i.Title}\""))}.",
                TaskToolStatus.Updated => items.Count == 1
                    ? $"Updated task {items[0].TaskId}: it is now \"{items[0].Title}\"."
                    : $"Updated {items.Count} tasks.",
                TaskToolStatus.NotFound => items.Count == 1
                    ? $"I couldn't find task {items[0].TaskId} on your list."
                    : $"I couldn't find tasks {Join(items.Select(i => i.TaskId.ToString(CultureInfo.InvariantCulture)))} on your list.",
                _ => $"I couldn't do that: {string.Join(" ", items.Select(i => i.Error).Distinct())}",
            });
        }

        return sentences.Count == 0 ? "Done." : string.Join(" ", sentences);
    }

    public static string Listing(TaskListResult listing, TaskStatusFilter status)
    {
        var tasks = listing.Tasks;
        var which = status switch { TaskStatusFilter.Pending => "pending tasks", TaskStatusFilter.Completed => "completed tasks", _ => "tasks" };
        if (tasks.Count == 0)
        {
            return status == TaskStatusFilter.Pending ? "You have no pending tasks. All clear!" : $"You have no {which} yet.";
        }

        var count = tasks.Count + listing.More;
        var text = new StringBuilder(count == 1 ? $"You have 1 {which[..^1]}:" : $"You have {count} {which}");
        text.Append(listing.More > 0 ? $"; the oldest {tasks.Count}:" : count == 1 ? string.Empty : ":");
        foreach (var task in tasks)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n- #{task.Id} {task.Title}");
            if (status == TaskStatusFilter.All && task.Completed)
            {
                text.Append(" (done)");
            }
        }

        if (listing.More > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n…and {listing.More} more.");
        }

        return text.ToString();
    }

    public static string NoMatch(TaskReference target, TaskIntent intent, TaskListResult listing)
    {
        var listed = listing.Tasks.Count;
        return target.All
            ? intent == TaskIntent.Complete ? "You have no pending tasks to complete." : "There are no such tasks to delete."
            : listing.More > 0
                ? $"I couldn't find it among your oldest {listed} tasks. Tell me its number (#) instead."
            : target.Position is not null || target.Last
                ? $"Your list has only {listed} task{(listed == 1 ? string.Empty : "s")}."
                : $"I couldn't find a task matching \"{target.Describe()}\". Say \"show my tasks\" to see your list.";
    }

    public static string Ambiguous(TaskReference target, IEnumerable<TaskListItem> matches) =>
        $"More than one task matches \"{target.Describe()}\": {Join(matches.Select(t => $"#{t.Id} \"{t.Title}\""))}. Which one did you mean? Tell me its number.";

    private static (int TaskId, string Status, string? Title, string? Error) Outcome(JsonElement result)
    {
        var item = result.ValueKind == JsonValueKind.Object ? result.Deserialize<TaskToolResult>(AiJson.Options) : null;
        return item is null ? (0, TaskToolStatus.Invalid, null, "the tool gave no answer.") : (item.TaskId, item.Status, item.Title, item.Error);
    }

    private static string Join(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count <= 1 ? string.Concat(list) : string.Join(", ", list[..^1]) + " and " + list[^1];
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : UserText.Truncate(text, 77) + "...";
}
