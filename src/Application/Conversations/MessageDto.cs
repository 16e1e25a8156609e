using TodoChat.Domain.Conversations;

namespace TodoChat.Application.Conversations;

/// <summary>A message as clients see it.</summary>
public sealed record MessageDto(Guid Id, int Seq, MessageRole Role, string Content, DateTimeOffset CreatedAt);
