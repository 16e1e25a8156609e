namespace TodoChat.Application.Common.Exceptions;

/// <summary>The AI provider did not answer in time or kept failing; the turn was not applied and may be retried.</summary>
public sealed class AgentUnavailableException : Exception
{
    public AgentUnavailableException()
        : base("The AI agent is unavailable.")
    {
    }

    public AgentUnavailableException(string message)
        : base(message)
    {
    }

    public AgentUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
