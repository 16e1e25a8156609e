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
}
