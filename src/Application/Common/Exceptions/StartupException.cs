namespace TodoChat.Application.Common.Exceptions;

/// <summary>The service cannot start as configured; the message says what to change, in one sentence.</summary>
public sealed class StartupException : Exception
{
    public StartupException()
    {
    }

    public StartupException(string message)
        : base(message)
    {
    }

    public StartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
