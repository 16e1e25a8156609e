using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TodoChat.Application.Common.Idempotency;

namespace TodoChat.Infrastructure.Persistence.Idempotency;

/// <summary>
/// Deletes idempotency records older than their retention, once at start and then every hour, so the
/// table holds about a day of keyed requests. One indexed range delete; several instances may run it.
/// </summary>
public sealed partial class IdempotencySweeper(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    ILogger<IdempotencySweeper> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>Deletes the expired records now; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TodoChatDbContext>();
        var cutoff = clock.GetUtcNow() - IdempotencyKeys.Retention;
        return await db.Set<IdempotencyRow>().Where(r => r.CreatedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                var deleted = await SweepAsync(stoppingToken);
                LogSwept(logger, deleted);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be down; the next round tries again.
                LogFailed(logger, ex.GetType().Name);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Idempotency sweep deleted {Deleted} expired records")]
    private static partial void LogSwept(ILogger logger, int deleted);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Idempotency sweep failed ({ErrorType}); it runs again within the hour")]
    private static partial void LogFailed(ILogger logger, string errorType);
}
