namespace TodoChat.Application.Tasks;

/// <summary>Which tasks a listing returns; the public names are <c>all</c>, <c>pending</c> and <c>completed</c>.</summary>
public enum TaskStatusFilter
{
    All,
    Pending,
    Completed,
}

public static class TaskStatusFilters
{
    public static readonly IReadOnlyList<string> Names = ["all", "pending", "completed"];

    /// <summary>The public name: <c>all</c>, <c>pending</c> or <c>completed</c>.</summary>
    public static string Name(this TaskStatusFilter filter) => Names[(int)filter];

    public static bool TryParse(string? value, out TaskStatusFilter filter)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case null or "" or "all":
                filter = TaskStatusFilter.All;
                return true;
            case "pending":
                filter = TaskStatusFilter.Pending;
                return true;
            case "completed":
                filter = TaskStatusFilter.Completed;
                return true;
            default:
                filter = default;
                return false;
        }
    }
}
