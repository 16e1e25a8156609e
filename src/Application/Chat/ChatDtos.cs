using System.Text.Json;

namespace TodoChat.Application.Chat;

/// <summary>One tool call of a turn: which tool, with what arguments, and what it answered.</summary>
public sealed record ToolCallDto(string Tool, JsonElement Arguments, JsonElement Result);

/// <summary>The agent's answer to one message.</summary>
public sealed record AgentReply(string Text, IReadOnlyList<ToolCallDto> ToolCalls);

/// <summary>A finished turn, as the chat endpoint returns it.</summary>
public sealed record ChatTurnDto(Guid ConversationId, string Response, IReadOnlyList<ToolCallDto> ToolCalls);

/// <summary>The <c>Chat</c> configuration section.</summary>
public sealed class ChatTurnOptions
{
    public const string SectionName = "Chat";

    /// <summary>How many of the most recent messages the agent sees, oldest first.</summary>
    public int HistoryWindow { get; set; } = 50;

    /// <summary>
    /// Tokens (OpenAI's o200k_base) the model is sent per turn: the system prompt and the new message
    /// always, then as many of the newest <see cref="HistoryWindow"/> messages as fit. 0: no token limit.
    /// </summary>
    public int HistoryTokens { get; set; } = 16_000;

    /// <summary>Turns one user may have running at once on one instance; beyond that a 429. 0: no limit.</summary>
    public int MaxConcurrentTurnsPerUser { get; set; } = 2;

    /// <summary>
    /// Turns one instance runs at once, all users together; more wait in a short queue. A turn holds no
    /// database connection while the model thinks, so this bounds memory and calls to the model, not the pool.
    /// </summary>
    public int MaxTurnsInFlight { get; set; } = 256;

    /// <summary>
    /// How many times a turn runs when what it read (the conversation, a task) keeps changing before it
    /// commits; each run asks the model again. After the last, a 503 with <c>Retry-After</c>.
    /// </summary>
    public int TurnAttempts { get; set; } = 3;

    /// <summary>How long a turn waits for room among <see cref="MaxTurnsInFlight"/> before a 503; 0: no waiting.</summary>
    public int TurnQueueMilliseconds { get; set; } = 2_000;

    /// <summary>A streamed turn sends a comment after this many seconds without an event (the model is thinking); 0: never.</summary>
    public int StreamHeartbeatSeconds { get; set; } = 15;

    /// <summary>What <c>Retry-After</c> says when a turn is refused for being one too many (429 or 503).</summary>
    public int BusyRetryAfterSeconds { get; set; } = 2;
}
