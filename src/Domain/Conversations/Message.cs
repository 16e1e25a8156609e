namespace TodoChat.Domain.Conversations;

/// <summary>One message of a conversation. Messages are immutable once written.</summary>
public sealed class Message
{
    private Message()
    {
        UserId = string.Empty;
        Content = string.Empty;
    }

    internal Message(
        Guid id,
        Guid conversationId,
        string userId,
        int seq,
        MessageRole role,
        string content,
        string? toolCallsJson,
        DateTimeOffset createdAt)
    {
        Id = id;
        ConversationId = conversationId;
        UserId = userId;
        Seq = seq;
        Role = role;
        Content = content;
        ToolCallsJson = toolCallsJson;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }

    public Guid ConversationId { get; private set; }

    public string UserId { get; private set; }

    /// <summary>1-based position in the conversation, without gaps.</summary>
    public int Seq { get; private set; }

    public MessageRole Role { get; private set; }

    public string Content { get; private set; }

    /// <summary>For assistant messages: the tool calls of the turn, as a JSON array (jsonb).</summary>
    public string? ToolCallsJson { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
}
