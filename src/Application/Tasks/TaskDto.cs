namespace TodoChat.Application.Tasks;

/// <summary>A task as clients see it.</summary>
public sealed record TaskDto(
    int Id,
    string Title,
    string? Description,
    bool Completed,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
