namespace TodoChat.Application.Common.Quotas;

/// <summary>
/// Per-user quotas, from the <c>Api</c> configuration section (the contract's names): what one account
/// or one chat turn may hold, so that none can exhaust the service for the others.
/// </summary>
public sealed class QuotaOptions
{
    public const string SectionName = "Api";

    /// <summary>Tasks one user may hold; 0 turns the quota off.</summary>
    public int TasksPerUser { get; set; } = 10_000;

    /// <summary>Conversations one user may hold; 0 turns the quota off.</summary>
    public int ConversationsPerUser { get; set; } = 10_000;

    /// <summary>Tool calls one chat turn may make; 0 turns the limit off.</summary>
    public int ToolCallsPerTurn { get; set; } = 50;

    /// <summary>
    /// Characters a turn's stored answer may take, measured as its idempotency record keeps it (the
    /// reply and its tool calls as JSON), which also bounds the assistant message and its tool_calls.
    /// </summary>
    public int ReplyCharactersPerTurn { get; set; } = 100_000;
}
