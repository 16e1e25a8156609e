namespace TodoChat.Application.Common.Exceptions;

/// <summary>The instance runs as many chat turns as it may and none ended while this one queued (503); nothing was stored.</summary>
public sealed class ChatTurnsBusyException(int limit, int retryAfterSeconds)
    : Exception($"The instance already runs {limit} chat turns.")
{
    public int Limit { get; } = limit;

    public int RetryAfterSeconds { get; } = retryAfterSeconds;
}
