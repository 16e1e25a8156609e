using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Respawn;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests;

/// <summary>
/// Once per run: an empty database of the run's own, the service started on it (which applies the
/// migrations, as in production), and a Respawn checkpoint that empties the tables between tests.
/// </summary>
[SetUpFixture]
public sealed class Testing
{
    private static TestDatabase? _database;
    private static TodoChatApp? _app;
    private static Respawner? _respawner;

    public static TestDatabase Database => _database ?? throw new InvalidOperationException("The test database is not set up.");

    public static TodoChatApp App => _app ?? throw new InvalidOperationException("The service is not started.");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _app = new TodoChatApp(_database.ConnectionString);

        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        _respawner = await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = ["public"],
            TablesToIgnore = ["__EFMigrationsHistory"],
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    public static async Task ResetDatabaseAsync()
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await _respawner!.ResetAsync(connection);
    }

    /// <summary>Sends a use case through the service's own mediator, in a scope of its own.</summary>
    public static async Task<TResponse> SendAsync<TResponse>(IRequest<TResponse> request)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(request);
    }

    public static async Task<TResponse> SendAsync<TResponse>(ICommand<TResponse> command)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(command);
    }

    public static async Task<TResponse> SendAsync<TResponse>(IQuery<TResponse> query)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(query);
    }

    /// <summary>Runs SQL straight on the database, as an operator would; returns the rows it affected.</summary>
    public static async Task<int> ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>One SQL value straight from the database, bypassing the service.</summary>
    public static async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}

/// <summary>Every test starts from empty tables.</summary>
public abstract class TestBase
{
    [SetUp]
    public Task ResetAsync() => Testing.ResetDatabaseAsync();

    protected static HttpClient ClientFor(string userId) => Testing.App.CreateHttpClient(Tokens.For(userId));

    protected static HttpClient AnonymousClient() => Testing.App.CreateHttpClient();
}
