namespace TodoChat.Application.Common.Exceptions;

/// <summary>
/// Something a unit of work read (a task, the conversation's message count) was changed by another
/// request before the unit committed, so what it staged rests on a state that is gone. Nothing was
/// written; the unit is run again from fresh reads, and when it keeps losing, the request is a 503.
/// </summary>
public sealed class ConcurrentChangeException(string what)
    : Exception($"What the work read ({what}) changed before it committed.")
{
    public const string Conversation = "conversation";
    public const string Tasks = "tasks";

    /// <summary><see cref="Conversation"/> or <see cref="Tasks"/>.</summary>
    public string What { get; } = what;
}
