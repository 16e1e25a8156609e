using Npgsql;

namespace TodoChat.WebApi.Tests.Support;

/// <summary>Tasks written straight into the table in one statement, for lists too long to create one request at a time.</summary>
public static class TaskRows
{
    /// <summary>Tasks "Task 1" to "Task n" of the user, oldest first; with <paramref name="completedEvery"/> k > 0, every k-th is completed.</summary>
    public static async Task InsertAsync(string userId, int count, int completedEvery = 0)
    {
        await using var connection = new NpgsqlConnection(Testing.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO tasks (user_id, title, completed, created_at, updated_at)
            SELECT @user, 'Task ' || g, @every > 0 AND g % @every = 0, now(), now()
            FROM generate_series(1, @count) AS g
            """,
            connection);
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("count", count);
        command.Parameters.AddWithValue("every", completedEvery);
        command.CommandTimeout = 300;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The user's task ids in id order, with the status (<c>all</c>, <c>pending</c>, <c>completed</c>).</summary>
    public static Task<int[]> IdsAsync(string userId, string status = "all") =>
        Testing.ScalarAsync<int[]>(
            $"SELECT coalesce(array_agg(id ORDER BY id), '{{}}') FROM tasks WHERE user_id = '{userId}'"
            + status switch { "pending" => " AND NOT completed", "completed" => " AND completed", _ => string.Empty });
}
