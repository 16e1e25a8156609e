using Microsoft.EntityFrameworkCore;
using Npgsql;
using TodoChat.Application.Common.Exceptions;
using TodoChat.Application.Common.Interfaces;

namespace TodoChat.Infrastructure.Persistence.Idempotency;

internal sealed class IdempotencyStore(TodoChatDbContext db) : IIdempotencyStore
{
    public async Task<IdempotencyRecord?> FindAsync(string userId, string key, CancellationToken cancellationToken)
    {
        var row = await db.Set<IdempotencyRow>().AsNoTracking()
            .FirstOrDefaultAsync(r => r.UserId == userId && r.Key == key, cancellationToken);
        return row is null ? null : new IdempotencyRecord(row.UserId, row.Key, row.Operation, row.RequestHash, row.Response, row.CreatedAt);
    }

    public async Task RecordAsync(IdempotencyRecord record, CancellationToken cancellationToken)
    {
        var row = db.Set<IdempotencyRow>().Add(new IdempotencyRow
        {
            UserId = record.UserId,
            Key = record.Key,
            Operation = record.Operation,
            RequestHash = record.RequestHash,
            Response = record.Response,
            CreatedAt = record.CreatedAt,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: IdempotencyRowConfiguration.PrimaryKeyName })
        {
            row.State = EntityState.Detached;
            throw new IdempotencyKeyTakenException(ex);
        }
    }

    /// <summary>
    /// One statement, so the age is checked on the row it deletes: when two requests found the same
    /// expired record and one has already replaced it, the other deletes nothing, then collides with
    /// the fresh record on insert and answers it.
    /// </summary>
    public Task ForgetExpiredAsync(string userId, string key, DateTimeOffset expiredBefore, CancellationToken cancellationToken) =>
        db.Set<IdempotencyRow>()
            .Where(r => r.UserId == userId && r.Key == key && r.CreatedAt < expiredBefore)
            .ExecuteDeleteAsync(cancellationToken);
}
