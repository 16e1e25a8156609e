using System.Diagnostics;
using Npgsql;

namespace TodoChat.WebApi.Tests.Support;

/// <summary>The conversation state cache, as /health reports it, and its change notifications.</summary>
public static class StateCache
{
    /// <summary>Waits (up to 15 s) for /health to report the cache's status, and fails if it never does.</summary>
    public static async Task WaitUntilAsync(TodoChatApp app, string status)
    {
        using var client = app.CreateHttpClient();
        var watch = Stopwatch.StartNew();
        string? seen = null;
        while (watch.Elapsed < TimeSpan.FromSeconds(15))
        {
            using var response = await client.GetAsync("health");
            seen = (string?)(await response.ReadJsonAsync())["cache"]?["conversation_states"];
            if (seen == status)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"The conversation state cache stayed '{seen}', not '{status}'.");
    }

    /// <summary>
    /// Switches the conversations trigger off until the result is disposed, so only the service's own
    /// evictions remain. Notifications are per database: this affects only the test's own database.
    /// </summary>
    public static async Task<IAsyncDisposable> TriggerOffAsync()
    {
        await ExecuteAsync("ALTER TABLE conversations DISABLE TRIGGER conversations_changed");
        return new TriggerBackOn();
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Testing.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private sealed class TriggerBackOn : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await ExecuteAsync("ALTER TABLE conversations ENABLE TRIGGER conversations_changed");
    }
}
