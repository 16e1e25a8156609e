namespace TodoChat.Application.Common.Interfaces;

/// <summary>Outcomes of idempotent commands, by user and key.</summary>
public interface IIdempotencyStore
{
    Task<IdempotencyRecord?> FindAsync(string userId, string key, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the outcome in the current transaction. Throws
    /// <see cref="Exceptions.IdempotencyKeyTakenException"/> when another request with the key committed first.
    /// </summary>
    Task RecordAsync(IdempotencyRecord record, CancellationToken cancellationToken);

    /// <summary>
    /// Forgets the key's record, in the current transaction, only if it was created before
    /// <paramref name="expiredBefore"/>: a record that another request has just put in its place stays.
    /// </summary>
    Task ForgetExpiredAsync(string userId, string key, DateTimeOffset expiredBefore, CancellationToken cancellationToken);
}

/// <summary>What a key earned: the operation, a hash of the request, and the response to answer again.</summary>
public sealed record IdempotencyRecord(string UserId, string Key, string Operation, string RequestHash, string Response, DateTimeOffset CreatedAt);
