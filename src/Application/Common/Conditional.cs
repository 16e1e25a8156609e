namespace TodoChat.Application.Common;

public enum ConditionalOutcome
{
    /// <summary>The resource is there and was read.</summary>
    Found,

    /// <summary>The client's copy is current: nothing was read beyond the resource's state.</summary>
    NotModified,

    /// <summary>No such resource for this user.</summary>
    NotFound,
}

/// <summary>The answer to a read that may be conditional on the client's entity tags.</summary>
public sealed record Conditional<T>(ConditionalOutcome Outcome, string? ETag, T? Value)
    where T : class
{
    public static Conditional<T> NotFound { get; } = new(ConditionalOutcome.NotFound, null, null);

    public static Conditional<T> NotModified(string etag) => new(ConditionalOutcome.NotModified, etag, null);

    public static Conditional<T> Found(string etag, T value) => new(ConditionalOutcome.Found, etag, value);
}
