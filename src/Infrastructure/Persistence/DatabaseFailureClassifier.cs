using TodoChat.Application.Common.Interfaces;

namespace TodoChat.Infrastructure.Persistence;

/// <summary>Npgsql's and PostgreSQL's failures, as <see cref="DatabaseFailure"/> reads them.</summary>
internal sealed class DatabaseFailureClassifier : IFailureClassifier
{
    public FailureKind Classify(Exception exception) =>
        DatabaseFailure.IsUnstorableText(exception) ? FailureKind.UnstorableText
        : DatabaseFailure.IsUnavailable(exception) ? FailureKind.Unavailable
        : FailureKind.Unknown;
}
