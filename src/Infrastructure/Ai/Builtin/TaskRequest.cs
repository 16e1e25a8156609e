using TodoChat.Application.Tasks;

namespace TodoChat.Infrastructure.Ai.Builtin;

/// <summary>What the user asked for, as the builtin agent understood one message.</summary>
internal enum TaskIntent
{
    Unknown,
    Greeting,
    Help,
    Thanks,
    Add,
    List,
    Complete,
    Delete,
    Update,
}

/// <summary>
/// Which tasks a message points at: ids, words of a title (or a quoted title), a position in the
/// list, the last one, or all of them.
/// </summary>
internal sealed record TaskReference
{
    public static readonly TaskReference None = new();

    public IReadOnlyList<int> Ids { get; init; } = [];

    /// <summary>Words of the title, lower case, as the user wrote them ("groceries", "walked").</summary>
    public IReadOnlyList<string> Words { get; init; } = [];

    /// <summary>"I walked the dog", "rent is paid": the deed done ("walked"), which a title may name ("Walk the dog") or leave out ("Dog").</summary>
    public string? Deed { get; init; }

    /// <summary>A title the user quoted: "remove 'Call mom'".</summary>
    public string? Quoted { get; init; }

    public int? Position { get; init; }

    public bool Last { get; init; }

    public bool All { get; init; }

    /// <summary>"groceries and the meeting notes": the words of each task named, when several are.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Groups { get; init; } = [];

    public bool IsEmpty => Ids.Count == 0 && Words.Count == 0 && Quoted is null && Position is null && !Last && !All;

    /// <summary>Ids are acted on directly; anything else needs the list first.</summary>
    public bool NeedsList => Ids.Count == 0 && !IsEmpty;

    public static TaskReference ById(IReadOnlyList<int> ids) => new() { Ids = ids };

    public static TaskReference ByWords(IReadOnlyList<string> words) => new() { Words = words };

    public static TaskReference AtPosition(int position) => new() { Position = position };

    public static TaskReference LastOne { get; } = new() { Last = true };

    public static TaskReference Everything { get; } = new() { All = true };

    public string Describe() =>
        Quoted ?? (Words.Count > 0 ? string.Join(' ', Deed is null ? Words : [Deed, .. Words]) : Ids.Count > 0 ? string.Join(", ", Ids) : "that");
}

/// <summary>One understood message: the intent and what it needs (titles to add, a target, new values).</summary>
internal sealed record TaskRequest
{
    private TaskRequest(TaskIntent intent, string text)
    {
        Intent = intent;
        Text = text;
    }

    public TaskIntent Intent { get; }

    /// <summary>The message as written (spaces folded).</summary>
    public string Text { get; }

    /// <summary>Add: the titles, one task each.</summary>
    public IReadOnlyList<string> Titles { get; private init; } = [];

    /// <summary>Add: the description given with the tasks.</summary>
    public string? Description { get; private init; }

    /// <summary>List: which tasks to show; complete and delete: which tasks "all" means.</summary>
    public TaskStatusFilter? Status { get; private init; }

    /// <summary>Complete, delete and update: the tasks meant.</summary>
    public TaskReference Target { get; private init; } = TaskReference.None;

    /// <summary>Update: the new title.</summary>
    public string? NewTitle { get; private init; }

    /// <summary>Update: the new description.</summary>
    public string? NewDescription { get; private init; }

    /// <summary>Greeting, help, thanks, or not understood: nothing to act on.</summary>
    public static TaskRequest Only(TaskIntent intent, string text) => new(intent, text);

    public static TaskRequest Unknown(string text) => new(TaskIntent.Unknown, text);

    public static TaskRequest Add(string text, IReadOnlyList<string> titles, string? description) =>
        titles.Count == 0 ? Unknown(text) : new(TaskIntent.Add, text) { Titles = titles, Description = description };

    public static TaskRequest List(string text, TaskStatusFilter status) => new(TaskIntent.List, text) { Status = status };

    public static TaskRequest Complete(string text, TaskReference target, TaskStatusFilter? status = null) =>
        new(TaskIntent.Complete, text) { Target = target, Status = status };

    public static TaskRequest Delete(string text, TaskReference target, TaskStatusFilter? status = null) =>
        new(TaskIntent.Delete, text) { Target = target, Status = status };

    public static TaskRequest Update(string text, TaskReference target, string? newTitle, string? newDescription) =>
        new(TaskIntent.Update, text) { Target = target, NewTitle = newTitle, NewDescription = newDescription };
}
