using Microsoft.EntityFrameworkCore;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Infrastructure.Caching;

namespace TodoChat.Infrastructure.Persistence;

/// <summary>
/// One EF Core transaction around the work, inside the execution strategy, so a connection found dead
/// re-runs the whole work on a fresh one (nothing of the failed try was committed).
/// </summary>
internal sealed class TransactionRunner(TodoChatDbContext db, ConversationChanges changes) : ITransactionRunner
{
    public Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        // Inside a unit that is already running (an idempotent command around a chat turn), join it:
        // the outer unit commits, retries and evicts for both.
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
                changes.Reset();

                // A failed step fails the whole unit, which then rolls back or starts over; a savepoint
                // around each SaveChanges would only add two round trips to every write.
                db.Database.AutoSavepointsEnabled = false;
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var result = await work(ct);
                await transaction.CommitAsync(ct);
                changes.Committed();
                return result;
            },
            cancellationToken);
    }
}
