namespace TodoChat.Application.Common.Exceptions;

/// <summary>Which per-user quota a request ran into.</summary>
public enum QuotaKind
{
    /// <summary>The account holds as many tasks as it may (409).</summary>
    Tasks,

    /// <summary>The account holds as many conversations as it may (409).</summary>
    Conversations,

    /// <summary>The turn made more tool calls than one turn may (422).</summary>
    ToolCallsPerTurn,

    /// <summary>The turn's answer is larger than may be stored (422).</summary>
    ReplyCharactersPerTurn,
}

/// <summary>A request would go beyond a quota of <see cref="Quotas.QuotaOptions"/>; nothing of it was applied.</summary>
public sealed class QuotaExceededException(QuotaKind kind, int limit)
    : Exception($"The {kind} quota ({limit}) would be exceeded.")
{
    public QuotaKind Kind { get; } = kind;

    public int Limit { get; } = limit;
}
