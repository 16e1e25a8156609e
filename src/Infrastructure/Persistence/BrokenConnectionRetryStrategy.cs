using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using TodoChat.Application.Common.Telemetry;

namespace TodoChat.Infrastructure.Persistence;

/// <summary>
/// Npgsql's answer to SQLAlchemy's pool_pre_ping: instead of a round trip before every checkout, an
/// operation whose pooled connection turns out dead clears the pool and runs again on a new one.
/// Time-outs (an exhausted pool, a slow server) are not retried: they would only make the caller wait longer.
/// A transaction PostgreSQL rolled back (class 40: a deadlock, a serialization failure) runs again too,
/// on the same connection: the work is whole inside the strategy, so nothing of the failed try stays.
/// </summary>
internal sealed class BrokenConnectionRetryStrategy(ExecutionStrategyDependencies dependencies, int maxRetryCount, TodoChatMetrics? metrics)
    : ExecutionStrategy(dependencies, maxRetryCount, TimeSpan.FromMilliseconds(100))
{
    protected override bool ShouldRetryOn(Exception exception)
    {
        if (DatabaseFailure.IsTransactionRollback(exception))
        {
            return true;
        }

        if (!DatabaseFailure.IsBrokenConnection(exception))
        {
            return false;
        }

        if (Dependencies.CurrentContext.Context.Database.GetDbConnection() is NpgsqlConnection connection)
        {
            NpgsqlConnection.ClearPool(connection);
        }

        metrics?.ConnectionRetry("ef");

        return true;
    }
}
