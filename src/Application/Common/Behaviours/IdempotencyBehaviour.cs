using System.Security.Cryptography;
using System.Text.Json;
using Mediator;
using Microsoft.Extensions.Options;
using TodoChat.Application.Common.Exceptions;
using TodoChat.Application.Common.Idempotency;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Common.Quotas;

namespace TodoChat.Application.Common.Behaviours;

/// <summary>
/// For an <see cref="IIdempotentCommand"/> sent with a key: answers an earlier outcome again, or runs
/// the command and records its outcome in the same transaction, so the effect and the record commit
/// together or not at all. Two requests with one key at the same time: the second one's record waits
/// on the first's, its transaction (with its effects) rolls back, and it answers the first one's outcome.
/// A command that fails or finds nothing (null) records nothing, so it may be sent again. An
/// <see cref="ICommitsOwnOutcome"/> (a chat turn) is not wrapped: it writes the record in its own commit.
/// </summary>
public sealed class IdempotencyBehaviour<TMessage, TResponse>(
    IIdempotencyStore store,
    ITransactionRunner transactions,
    IdempotencyOutcome outcome,
    IOptions<QuotaOptions> quotas,
    TimeProvider clock) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage, IIdempotentCommand
{
    /// <summary>For the request's hash only; the response is kept as <see cref="StoredResponses"/> says.</summary>
    private static readonly JsonSerializerOptions Json = new();

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message.IdempotencyKey is not { } key)
        {
            return await next(message, cancellationToken);
        }

        IIdempotentCommand command = message;

        var hash = Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(message, message.GetType(), Json)));
        var earlier = await store.FindAsync(command.UserId, key, cancellationToken);
        var expiredBefore = clock.GetUtcNow() - IdempotencyKeys.Retention;
        var expired = earlier is not null && earlier.CreatedAt < expiredBefore;
        if (earlier is not null && !expired)
        {
            return Replay(earlier, command, hash);
        }

        outcome.Pending = new PendingIdempotencyRecord(command.UserId, key, command.Operation, hash, expired ? expiredBefore : null);
        try
        {
            if (message is ICommitsOwnOutcome)
            {
                // Its slow part runs outside any transaction; its own commit writes the record.
                return await next(message, cancellationToken);
            }

            return await transactions.RunAsync(
                async ct =>
                {
                    var response = await next(message, ct);
                    if (response is not null)
                    {
                        await outcome.RecordAsync(StoredResponses.Serialize(response, quotas.Value.ReplyCharactersPerTurn), store, clock, ct);
                    }

                    return response;
                },
                cancellationToken);
        }
        catch (IdempotencyKeyTakenException)
        {
            var first = await store.FindAsync(command.UserId, key, cancellationToken) ?? throw new InvalidOperationException("The Idempotency-Key's record vanished.");
            return Replay(first, command, hash);
        }
    }

    private TResponse Replay(IdempotencyRecord record, IIdempotentCommand command, string hash)
    {
        if (record.Operation != command.Operation || record.RequestHash != hash)
        {
            throw new IdempotencyKeyReusedException();
        }

        outcome.Replayed = true;
        return StoredResponses.Deserialize<TResponse>(record.Response);
    }
}
