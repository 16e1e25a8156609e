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

/// <summary>Which tasks a message points at: ids, words of a title, a position in the list, or all of them.</summary>
internal sealed record TaskReference(IReadOnlyList<int> Ids, IReadOnlyList<string> Words, int? Position, bool Last, bool All)
{
    public static readonly TaskReference None = new([], [], null, false, false);

    /// <summary>"groceries and the meeting notes": the words of each task named, when several are.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Groups { get; init; } = [];

    public bool IsEmpty => Ids.Count == 0 && Words.Count == 0 && Position is null && !Last && !All;

    /// <summary>Ids are acted on directly; anything else needs the list first.</summary>
    public bool NeedsList => Ids.Count == 0 && !IsEmpty;

    public string Describe() =>
        Words.Count > 0 ? string.Join(' ', Words) : Ids.Count > 0 ? string.Join(", ", Ids) : "that";
}

/// <summary>One parsed message.</summary>
internal sealed record TaskRequest(
    TaskIntent Intent,
    string Text,
    IReadOnlyList<string> Titles,
    string? Description,
    string? Status,
    TaskReference Target,
    string? NewTitle,
    string? NewDescription)
{
    public static TaskRequest Of(TaskIntent intent, string text) => new(intent, text, [], null, null, TaskReference.None, null, null);
}
