using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using TodoChat.Infrastructure.Persistence;

namespace TodoChat.Infrastructure.Caching;

/// <summary>
/// Holds one connection of its own (outside the request pool) that LISTENs on the channel the
/// conversations trigger notifies, and evicts what each notification names. While it is not
/// connected, the state cache serves nothing; after a reconnect it starts empty, because
/// notifications sent in between are lost.
/// </summary>
internal sealed partial class ConversationChangeListener(
    ConversationStateCache cache,
    DatabaseSettings database,
    ILogger<ConversationChangeListener> logger) : BackgroundService
{
    /// <summary>The channel the migration's trigger notifies; the payload is the id, or "*" for everything.</summary>
    public const string Channel = "todochat_conversation_changed";

    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!cache.Configured)
        {
            return;
        }

        var retry = FirstRetry;
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            Pooling = false,
            ApplicationName = "todochat-listener",

            // An idle LISTEN connection would not notice a dead peer: probe it.
            KeepAlive = 10,
        }.ConnectionString;

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                connection.Notification += (_, e) => OnNotification(e.Payload);
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                cache.StartServing();
                LogListening(logger);
                retry = FirstRetry;
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                cache.StopServing();
                LogLost(logger, ex.GetType().Name, retry.TotalSeconds);
            }

            try
            {
                await Task.Delay(retry, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
        }

        cache.StopServing();
    }

    private void OnNotification(string payload)
    {
        if (Guid.TryParse(payload, out var id))
        {
            cache.Evict(id);
        }
        else
        {
            cache.EvictAll();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation state cache on: listening for conversation changes")]
    private static partial void LogListening(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation state cache off: the change listener lost its connection ({ErrorType}); retrying in {RetrySeconds} s")]
    private static partial void LogLost(ILogger logger, string errorType, double retrySeconds);
}
