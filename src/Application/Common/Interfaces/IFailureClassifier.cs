namespace TodoChat.Application.Common.Interfaces;

/// <summary>
/// What a failure of a dependency (the database, its driver) means for the client, told by the layer
/// that knows the dependency, so that the web layer maps failures to answers without knowing the driver.
/// </summary>
public interface IFailureClassifier
{
    FailureKind Classify(Exception exception);
}

public enum FailureKind
{
    /// <summary>Nothing known: a bug, a 500.</summary>
    Unknown,

    /// <summary>The dependency cannot serve now (down, unreachable, busy, still conflicting): come back later, a 503.</summary>
    Unavailable,

    /// <summary>The database refused a character of the client's text: the client's input, a 400.</summary>
    UnstorableText,
}
