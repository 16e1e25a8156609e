namespace TodoChat.Application.Conversations;

/// <summary>A conversation's summary as clients see it.</summary>
public sealed record ConversationDto(
    Guid Id,
    string Title,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int MessageCount,
    DateTimeOffset? LastMessageAt);
