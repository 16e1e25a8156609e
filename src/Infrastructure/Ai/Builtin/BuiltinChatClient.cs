using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using TodoChat.Application.Tasks.Tools;
using TodoChat.Domain.Text;

namespace TodoChat.Infrastructure.Ai.Builtin;

/// <summary>
/// The offline agent: an <see cref="IChatClient"/> that needs no model and no key. It reads the user's
/// last message, answers with calls of the task tools (run by the same function-invocation pipeline
/// as a real model's), and once their results are in, confirms what it did in a sentence. A task
/// named by its words is found by listing first, then acted on; several matches make it ask.
/// Deterministic: the same conversation always gets the same answer.
/// </summary>
internal sealed class BuiltinChatClient : IChatClient
{
    public const string ModelId = "todochat-builtin";

    private static readonly ChatClientMetadata Metadata = new("todochat-builtin", null, ModelId);

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var history = messages as IList<ChatMessage> ?? messages.ToList();
        var lastUser = -1;
        for (var i = history.Count - 1; i >= 0; i--)
        {
            if (history[i].Role == ChatRole.User)
            {
                lastUser = i;
                break;
            }
        }

        if (lastUser < 0)
        {
            return Task.FromResult(Say(Replies.Help));
        }

        var request = TaskRequestParser.Parse(history[lastUser].Text);
        var steps = StepsSince(history, lastUser);
        return Task.FromResult(Next(request, steps));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            foreach (var part in StreamedWordByWord(update))
            {
                yield return part;
            }
        }
    }

    /// <summary>Text comes out a few words at a time, as a model streams it; anything else as it is.</summary>
    private static IEnumerable<ChatResponseUpdate> StreamedWordByWord(ChatResponseUpdate update)
    {
        if (!update.Contents.OfType<TextContent>().Any())
        {
            yield return update;
            yield break;
        }

        ChatResponseUpdate Part(IList<AIContent> contents) => new(update.Role, contents)
        {
            ResponseId = update.ResponseId,
            MessageId = update.MessageId,
            ConversationId = update.ConversationId,
            CreatedAt = update.CreatedAt,
            ModelId = update.ModelId,
        };

        var others = update.Contents.Where(c => c is not TextContent).ToList();
        if (others.Count > 0)
        {
            yield return Part(others);
        }

        const int wordsPerChunk = 3;
        foreach (var text in update.Contents.OfType<TextContent>().Select(t => t.Text))
        {
            var start = 0;
            for (int i = 0, words = 0; i < text.Length; i++)
            {
                if (text[i] == ' ' && ++words % wordsPerChunk == 0)
                {
                    yield return Part([new TextContent(text[start..(i + 1)])]);
                    start = i + 1;
                }
            }

            if (start < text.Length)
            {
                yield return Part([new TextContent(text[start..])]);
            }
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ChatClientMetadata) ? Metadata
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }

    /// <summary>The tool calls made since the user's message, each with its result.</summary>
    private static List<Step> StepsSince(IList<ChatMessage> history, int lastUser)
    {
        var calls = new Dictionary<string, FunctionCallContent>(StringComparer.Ordinal);
        var steps = new List<Step>();
        for (var i = lastUser + 1; i < history.Count; i++)
        {
            foreach (var content in history[i].Contents)
            {
                switch (content)
                {
                    case FunctionCallContent call:
                        calls[call.CallId] = call;
                        break;
                    case FunctionResultContent result when calls.TryGetValue(result.CallId, out var call):
                        steps.Add(new Step(call.Name, ToJson(result.Result)));
                        break;
                }
            }
        }

        return steps;
    }

    private static ChatResponse Next(TaskRequest request, List<Step> steps)
    {
        switch (request.Intent)
        {
            case TaskIntent.Greeting:
                return Say(Replies.Greeting);
            case TaskIntent.Help:
                return Say(Replies.Help);
            case TaskIntent.Thanks:
                return Say("You're welcome! Anything else on your list?");
            case TaskIntent.Unknown:
                return Say(Replies.NotUnderstood(request.Text));

            case TaskIntent.Add:
                return steps.Count == 0
                    ? Call(request.Titles.Select(title => Tool(TaskToolbox.AddTask, ("title", title), ("description", request.Description))))
                    : Say(Replies.Summarize(steps));

            case TaskIntent.List:
                return steps.Count == 0
                    ? Call([Tool(TaskToolbox.ListTasks, ("status", request.Status ?? "all"))])
                    : Say(Replies.Listing(steps[^1].Result, request.Status));

            case TaskIntent.Complete:
            case TaskIntent.Delete:
            case TaskIntent.Update:
                return Act(request, steps);

            default:
                return Say(Replies.NotUnderstood(request.Text));
        }
    }

    /// <summary>complete, delete and update: by id straight away, otherwise list first, then act on what matches.</summary>
    private static ChatResponse Act(TaskRequest request, List<Step> steps)
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
            return Say("What should I change it to? For example: \"rename 2 to Pay rent\".");
        }

        // "delete completed tasks": every task with that status.
        if (target.IsEmpty && request.Status is not null && request.Intent != TaskIntent.Update)
        {
            target = target with { All = true };
        }

        if (target.IsEmpty)
        {
            return Say(request.Intent switch
            {
                TaskIntent.Complete => "Which task did you finish? Tell me its number or a few words of its title.",
                TaskIntent.Delete => "Which task should I delete? Tell me its number or a few words of its title.",
                _ => "Which task should I change? Tell me its number or a few words of its title.",
            });
        }

        if (steps.Any(s => s.Tool == tool))
        {
            return Say(Replies.Summarize(steps));
        }

        if (!target.NeedsList)
        {
            return Call(target.Ids.Select(id => ActOn(tool, id, request)));
        }

        if (steps.Count == 0)
        {
            var status = request.Status ?? (request.Intent == TaskIntent.Complete ? "pending" : "all");
            return Call([Tool(TaskToolbox.ListTasks, ("status", status))]);
        }

        var listing = Listed(steps[^1].Result);
        var tasks = listing.Tasks.ToList();
        // "The last one" is not among the oldest tasks when there are more than a listing holds.
        var (matches, ambiguous) = target.Last && listing.More > 0 ? ([], false) : Match(tasks, target);
        if (matches.Count == 0)
        {
            return Say(Replies.NoMatch(target, request.Intent, listing));
        }

        if (ambiguous)
        {
            return Say(Replies.Ambiguous(target, matches));
        }

        return Call(matches.Select(task => ActOn(tool, task.Id, request)));
    }

    /// <summary>The tasks the reference points at, and whether it points at several where it meant one.</summary>
    private static (List<TaskListItem> Matches, bool Ambiguous) Match(List<TaskListItem> tasks, TaskReference target)
    {
        if (target.All)
        {
            return (tasks, false);
        }

        if (target.Position is int position)
        {
            return (position <= tasks.Count ? [tasks[position - 1]] : [], false);
        }

        if (target.Last)
        {
            return (tasks.Count > 0 ? [tasks[^1]] : [], false);
        }

        var exact = tasks.Where(t => string.Equals(t.Title, string.Join(' ', target.Words), StringComparison.OrdinalIgnoreCase)).ToList();
        if (exact.Count > 0)
        {
            return (exact, exact.Count > 1);
        }

        var all = tasks.Where(t => target.Words.All(word => ContainsWord(t.Title, word))).ToList();
        if (all.Count > 0 || target.Groups.Count < 2)
        {
            return (all, all.Count > 1);
        }

        // Several tasks named at once: each name must point at exactly one task.
        var each = target.Groups.Select(words => tasks.Where(t => words.All(word => ContainsWord(t.Title, word))).ToList()).ToList();
        if (each.Any(matches => matches.Count == 0))
        {
            return ([], false);
        }

        return (each.SelectMany(m => m).Distinct().ToList(), each.Any(matches => matches.Count > 1));
    }

    /// <summary>"groceries" matches "Buy groceries"; "grocery" matches "Groceries"; "mom" does not match "moment".</summary>
    private static bool ContainsWord(string title, string word)
    {
        var titleWords = title.ToLowerInvariant().Split([' ', ',', '.', '-', '\'', '"', '(', ')', ':', ';', '!', '?', '/'], StringSplitOptions.RemoveEmptyEntries);
        var stem = Stem(word);
        return titleWords.Any(w => w == word || Stem(w) == stem);
    }

    private static string Stem(string word)
    {
        word = word.ToLowerInvariant();
        if (word.EndsWith("ies", StringComparison.Ordinal) && word.Length > 4)
        {
            return word[..^3] + "y";
        }

        if (word.EndsWith("es", StringComparison.Ordinal) && word.Length > 4 && (word.EndsWith("ches", StringComparison.Ordinal) || word.EndsWith("shes", StringComparison.Ordinal) || word.EndsWith("xes", StringComparison.Ordinal)))
        {
            return word[..^2];
        }

        return word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && word.Length > 3 ? word[..^1] : word;
    }

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

    private static ChatResponse Call(IEnumerable<FunctionCallContent> calls) =>
        new(new ChatMessage(ChatRole.Assistant, [.. calls])) { ModelId = ModelId, FinishReason = ChatFinishReason.ToolCalls };

    private static ChatResponse Say(string text) =>
        new(new ChatMessage(ChatRole.Assistant, text)) { ModelId = ModelId, FinishReason = ChatFinishReason.Stop };

    private static JsonElement ToJson(object? result) =>
        result switch
        {
            JsonElement element => element,
            null => default,
            string text when text.Length > 0 && text[0] is '{' or '[' => JsonDocument.Parse(text).RootElement.Clone(),
            _ => JsonSerializer.SerializeToElement(result, AiJson.Options),
        };

    private static TaskListResult Listed(JsonElement result) =>
        (result.ValueKind == JsonValueKind.Object ? result.Deserialize<TaskListResult>(AiJson.Options) : null)
        ?? new TaskListResult([], 0, 0, 0, 0);

    private sealed record Step(string Tool, JsonElement Result);

    /// <summary>What the builtin agent says: one friendly sentence per outcome.</summary>
    private static class Replies
    {
        public const string Greeting =
            "Hi! I keep your todo list. Tell me things like \"add buy milk\", \"what's left?\", \"I finished task 2\" or \"rename 3 to Pay rent\".";

        public const string Help =
            "I can add tasks (\"remind me to call mom\"), show them (\"show pending tasks\"), complete them (\"I finished the groceries one\"), " +
            "delete them (\"scratch task 4\") and rename them (\"rename 2 to Pay rent\"). Name a task by its number or a few words of its title.";

        public static string NotUnderstood(string text) =>
            $"Sorry, I didn't understand \"{Shorten(text)}\". {Help}";

        public static string Summarize(List<Step> steps)
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

        public static string Listing(JsonElement result, string? status)
        {
            var listing = Listed(result);
            var tasks = listing.Tasks;
            var which = status switch { "pending" => "pending tasks", "completed" => "completed tasks", _ => "tasks" };
            if (tasks.Count == 0)
            {
                return status == "pending" ? "You have no pending tasks. All clear!" : $"You have no {which} yet.";
            }

            var count = tasks.Count + listing.More;
            var text = new StringBuilder(count == 1 ? $"You have 1 {which[..^1]}:" : $"You have {count} {which}");
            text.Append(listing.More > 0 ? $"; the oldest {tasks.Count}:" : count == 1 ? string.Empty : ":");
            foreach (var task in tasks)
            {
                text.Append(CultureInfo.InvariantCulture, $"\n- #{task.Id} {task.Title}");
                if (status is null or "all" && task.Completed)
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

        public static string Ambiguous(TaskReference target, List<TaskListItem> matches) =>
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
}
