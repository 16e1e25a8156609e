namespace TodoChat.Application.Common.Exceptions;

/// <summary>
/// The AI provider did not answer in time or kept failing; the turn was not applied and may be retried
/// after <see cref="RetryAfterSeconds"/> (the operator's <c>Ai:RetryAfterSeconds</c>).
/// </summary>
public sealed class AgentUnavailableException(string message, int retryAfterSeconds, Exception? innerException = null)
    : Exception(message, innerException)
{
    public int RetryAfterSeconds { get; } = retryAfterSeconds;
}
