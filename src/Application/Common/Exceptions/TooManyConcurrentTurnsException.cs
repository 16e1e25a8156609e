namespace TodoChat.Application.Common.Exceptions;

/// <summary>The user already has as many chat turns running as one may (429); nothing of this one was stored.</summary>
public sealed class TooManyConcurrentTurnsException(int limit, int retryAfterSeconds)
    : Exception($"At most {limit} chat turns of one user may run at once.")
{
    public int Limit { get; } = limit;

    public int RetryAfterSeconds { get; } = retryAfterSeconds;
}
