using FluentValidation;

namespace TodoChat.Application.Common.Idempotency;

/// <summary>
/// A command a client may send again without doing it twice: with the same <c>Idempotency-Key</c>, the
/// first outcome is answered again. The key is scoped to the user; everything else in the command
/// (serialized) must be the same as the first time.
/// </summary>
public interface IIdempotentCommand
{
    string UserId { get; }

    /// <summary>The client's key, or null when it sent none (then nothing is remembered).</summary>
    string? IdempotencyKey { get; }

    /// <summary>What the command does ("chat", "create_task"): one key never serves two operations.</summary>
    string Operation { get; }
}

/// <summary>The <c>Idempotency-Key</c> header's rules and the answer it earned.</summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxLength = 255;

    /// <summary>How long a key is remembered; after that it may be used again.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>1 to 255 visible ASCII characters but the comma (which would make it a list), a UUID typically.</summary>
    public static bool IsValid(string? key) =>
        key is { Length: > 0 and <= MaxLength } && key.All(c => c is > ' ' and <= '~' and not ',');

    /// <summary>The rule for an optional key, reported under the header's name.</summary>
    public static IRuleBuilderOptions<T, string?> ValidIdempotencyKey<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(key => key is null || IsValid(key))
            .OverridePropertyName(Header)
            .WithMessage($"The {Header} header must be one key of 1 to {MaxLength} visible ASCII characters (no comma), such as a UUID.");
}

/// <summary>
/// An idempotent command that does slow work outside any transaction (a chat turn waits for the model)
/// and commits its effects in a short transaction of its own: the idempotency behaviour does not wrap it
/// in a transaction, and the command writes <see cref="IdempotencyOutcome.Pending"/> in its commit with
/// <see cref="IdempotencyOutcome.RecordAsync"/>, so the record and the effects still commit
/// together or not at all.
/// </summary>
public interface ICommitsOwnOutcome : IIdempotentCommand;

/// <summary>Per request: whether the answer is a replay of an earlier one with the same key, and the record a command's own commit must write.</summary>
public sealed class IdempotencyOutcome
{
    public bool Replayed { get; set; }

    /// <summary>Set by the idempotency behaviour for an <see cref="ICommitsOwnOutcome"/> sent with a key; null otherwise.</summary>
    public PendingIdempotencyRecord? Pending { get; set; }

    /// <summary>
    /// In the caller's transaction: writes the pending record with the response as
    /// <see cref="StoredResponses.Serialize{T}"/> made it (first forgetting an expired record under the
    /// key). Nothing pending (no key), nothing written. Throws
    /// <see cref="Exceptions.IdempotencyKeyTakenException"/> when another request with the key committed first.
    /// </summary>
    public async Task RecordAsync(string storedResponse, Interfaces.IIdempotencyStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (Pending is not { } pending)
        {
            return;
        }

        if (pending.ExpiredBefore is { } expiredBefore)
        {
            await store.ForgetExpiredAsync(pending.UserId, pending.Key, expiredBefore, cancellationToken);
        }

        await store.RecordAsync(new Interfaces.IdempotencyRecord(pending.UserId, pending.Key, pending.Operation, pending.RequestHash, storedResponse, clock.GetUtcNow()), cancellationToken);
    }
}

/// <summary>What an idempotent command's outcome is recorded under; <see cref="ExpiredBefore"/> is set when an expired record holds the key.</summary>
public sealed record PendingIdempotencyRecord(string UserId, string Key, string Operation, string RequestHash, DateTimeOffset? ExpiredBefore);
