namespace TodoChat.Application.Common.Exceptions;

/// <summary>Why a model refused a turn for good: sending it again cannot succeed.</summary>
public enum AgentRejection
{
    /// <summary>The conversation with the new message is longer than the model's context window.</summary>
    ContextTooLong,

    /// <summary>The model's provider refused the service's key (401) or its permissions (403).</summary>
    NotAuthorized,

    /// <summary>The configured model or deployment does not exist (404).</summary>
    ModelNotFound,

    /// <summary>Any other 4xx the provider answers: the request as sent is one it will never accept.</summary>
    BadRequest,
}

/// <summary>
/// The model answered with a permanent error (400, 401, 403, 404, context too long): the turn was not
/// applied, and a retry of the same request would fail the same way.
/// </summary>
public sealed class AgentRejectedException : Exception
{
    public AgentRejectedException(AgentRejection reason, int providerStatus, Exception? innerException = null)
        : base($"The AI model refused the turn ({reason}, HTTP {providerStatus}).", innerException)
    {
        Reason = reason;
        ProviderStatus = providerStatus;
    }

    public AgentRejection Reason { get; }

    /// <summary>The HTTP status the provider answered.</summary>
    public int ProviderStatus { get; }
}
