namespace TodoChat.Domain.Tasks;

/// <summary>A user's todo item. The id is a database identity; everything else changes through methods.</summary>
public sealed class TodoTask
{
    public const int TitleMaxLength = 500;
    public const int DescriptionMaxLength = 5_000;

    private TodoTask()
    {
        UserId = string.Empty;
        Title = string.Empty;
    }

    public TodoTask(string userId, string title, string? description, DateTimeOffset now)
        : this(0, userId, title, description, now)
    {
    }

    /// <summary>A new task whose id was reserved from the database before it is stored (a chat turn names it to the model first).</summary>
    public TodoTask(int id, string userId, string title, string? description, DateTimeOffset now)
    {
        Id = id;
        UserId = userId;
        Title = title;
        Description = NormalizeDescription(description);
        CreatedAt = now;
        UpdatedAt = now;
    }

    public int Id { get; private set; }

    public string UserId { get; private set; }

    public string Title { get; private set; }

    public string? Description { get; private set; }

    public bool Completed { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Changes what is given: a null argument keeps the current value; an empty description clears it.</summary>
    public void Update(string? title, string? description, bool? completed, DateTimeOffset now)
    {
        var changed = false;
        if (title is not null && title != Title)
        {
            Title = title;
            changed = true;
        }

        if (description is not null && NormalizeDescription(description) != Description)
        {
            Description = NormalizeDescription(description);
            changed = true;
        }

        if (completed is bool value && value != Completed)
        {
            Completed = value;
            changed = true;
        }

        if (changed)
        {
            UpdatedAt = now;
        }
    }

    public void SetCompleted(bool completed, DateTimeOffset now) => Update(null, null, completed, now);

    private static string? NormalizeDescription(string? description) =>
        string.IsNullOrEmpty(description) ? null : description;
}
