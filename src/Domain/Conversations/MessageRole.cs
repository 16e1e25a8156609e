namespace TodoChat.Domain.Conversations;

/// <summary>Who wrote a message. Stored as its lower-case name.</summary>
public enum MessageRole
{
    User,
    Assistant,
}
