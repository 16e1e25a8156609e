using Microsoft.EntityFrameworkCore;
using TodoChat.Application.Common.Interfaces;

namespace TodoChat.Infrastructure.Persistence;

/// <summary>
/// One EF Core transaction around the work, inside the execution strategy, so a connection found dead
/// re-runs the whole work on a fresh one (nothing of the failed try was committed).
/// </summary>
internal sealed class TransactionRunner(TodoChatDbContext db) : ITransactionRunner
{
    public Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        // Inside a unit that is already running (an idempotent command around a chat turn), join it:
        // the outer unit commits and retries for both.
        if (db.Database.CurrentTransaction is not null)
        {
            return work(cancellationToken);
        }

        var strategy = db.Database.CreateExecutionStrategy();
        return strategy.ExecuteAsync(
            async ct =>
            {
                // A retry starts from a clean slate: nothing of the failed try is tracked or kept.
                db.ChangeTracker.Clear();

                // A failed step fails the whole unit, which then rolls back or starts over; a savepoint
                // around each SaveChanges would only add two round trips to every write.
                db.Database.AutoSavepointsEnabled = false;
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var result = await work(ct);
                await transaction.CommitAsync(ct);
                return result;
            },
            cancellationToken);
    }
}
