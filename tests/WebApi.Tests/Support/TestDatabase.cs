using Npgsql;

namespace TodoChat.WebApi.Tests.Support;

/// <summary>
/// A database of the test run's own, created empty on the server that <c>ConnectionStrings__TodoChat</c>
/// names (build.ps1 test starts a throwaway cluster for it) and dropped at the end.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly NpgsqlConnectionStringBuilder _admin;

    private TestDatabase(NpgsqlConnectionStringBuilder admin, string connectionString)
    {
        _admin = admin;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable("ConnectionStrings__TodoChat");
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                "The tests need a PostgreSQL server: run them with 'dotnet pwsh ./build.ps1 test', which starts one, or set ConnectionStrings__TodoChat.");
        }

        var admin = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false };
        var name = $"todochat_test_{Guid.NewGuid():N}"[..30];
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        var test = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase(admin, test.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        var name = new NpgsqlConnectionStringBuilder(ConnectionString).Database;
        await using var connection = new NpgsqlConnection(_admin.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
