using TodoChat.Application.Common.Exceptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TodoChat.Infrastructure.Persistence;

public static class DatabaseMigrator
{
    /// <summary>Applies pending migrations. EF Core takes a database lock, so several instances starting at once are safe.</summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TodoChatDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseMigrator));
        try
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count == 0)
            {
                logger.LogInformation("Database schema is up to date");
                return;
            }

            logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
            await db.Database.MigrateAsync(cancellationToken);
        }
        catch (Exception ex) when (DatabaseFailure.IsUnavailable(ex) || ex is Npgsql.PostgresException)
        {
            var target = new Npgsql.NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
            throw new StartupException(
                $"The database at {target.Host}:{target.Port} ('{target.Database}') cannot be migrated: {DatabaseFailure.Innermost(ex).Message}", ex);
        }
    }
}
