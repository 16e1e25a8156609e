using TodoChat.Domain.Text;

namespace TodoChat.Domain.Conversations;

/// <summary>
/// A chat between one user and the agent. It owns the message counter, so appending a message
/// (under the conversation's row lock) gives gapless positions and non-decreasing times.
/// </summary>
public sealed class Conversation
{
    public const int TitleMaxLength = 200;

    private Conversation()
    {
        UserId = string.Empty;
        Title = string.Empty;
    }

    public Conversation(Guid id, string userId, string title, DateTimeOffset now)
    {
        Id = id;
        UserId = userId;
        Title = UserText.Truncate(title, TitleMaxLength);
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }

    public string UserId { get; private set; }

    public string Title { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>How many messages the conversation holds; also the last message's <see cref="Message.Seq"/>.</summary>
    public int MessageCount { get; private set; }

    public DateTimeOffset? LastMessageAt { get; private set; }

    /// <summary>
    /// Bumped by the database (a trigger) whenever stored messages are changed or removed, as an
    /// operator's redaction or erasure does; the service itself only ever appends.
    /// </summary>
    public long Revision { get; private set; }

    /// <summary>
    /// Creates the next message. Its time never goes before the previous message's, so ordering by
    /// (created_at, seq) and by seq agree even when clocks of several servers disagree a little.
    /// </summary>
    public Message Append(Guid messageId, MessageRole role, string content, string? toolCallsJson, DateTimeOffset now)
    {
        var createdAt = LastMessageAt is { } last && last > now ? last : now;
        MessageCount++;
        LastMessageAt = createdAt;
        UpdatedAt = createdAt;
        return new Message(messageId, Id, UserId, MessageCount, role, content, toolCallsJson, createdAt);
    }
}
