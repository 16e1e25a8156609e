using Mediator;
using TodoChat.Application.Common;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Common.Messaging;

namespace TodoChat.Application.Sync.Queries.GetChanges;

/// <summary>The user's conversations changed since <see cref="Since"/> (null: from nothing), a bounded batch.</summary>
public sealed record GetChangesQuery(string UserId, string? Since = null, int Limit = GetChangesQuery.DefaultLimit)
    : IQuery<SyncAnswer>, IUserRequest
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// <summary>New messages sent per conversation at most; older ones are for the history endpoint.</summary>
    public const int MessagesPerConversation = 100;
}

/// <summary>The page, and the user's counter it was read at (the answer's entity tag).</summary>
public sealed record SyncAnswer(SyncPage Page, long Stamp, bool Current);

/// <summary>
/// A client that is current costs one primary-key read (the counter) and no message reads; anything
/// else is read in one snapshot (ADR-015).
/// </summary>
public sealed class GetChangesHandler(ISyncReader sync, ICursorProtector tokens) : IQueryHandler<GetChangesQuery, SyncAnswer>
{
    public async ValueTask<SyncAnswer> Handle(GetChangesQuery query, CancellationToken cancellationToken)
    {
        var since = query.Since is null ? null : SyncToken.Decode(query.Since, tokens);
        var current = await sync.CurrentStampAsync(query.UserId, cancellationToken);
        if (since is not null && since.Stamp == current)
        {
            return new SyncAnswer(new SyncPage([], [], false, query.Since!), current, Current: true);
        }

        // A token ahead of the counter (a restored database) starts again from nothing.
        var from = since is not null && since.Stamp < current ? since.Stamp : (long?)null;
        var changes = await sync.ReadAsync(query.UserId, from, query.Limit, GetChangesQuery.MessagesPerConversation, cancellationToken);
        return new SyncAnswer(
            new SyncPage(changes.Conversations, changes.Deleted, changes.HasMore, new SyncToken(changes.Through).Encode(tokens)),
            changes.Through,
            Current: false);
    }
}
