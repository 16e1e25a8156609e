using System.Data;
using Microsoft.EntityFrameworkCore;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Conversations;
using TodoChat.Application.Sync;
using TodoChat.Domain.Conversations;

namespace TodoChat.Infrastructure.Persistence.Sync;

/// <summary>
/// Sync reads (ADR-015). A user's writes take their stamps from the user's counter row, which each
/// holds locked until it commits: stamps are committed in their order, so a snapshot that sees the
/// counter at C sees every write stamped up to C, and none that a later read could still slip under
/// a token (the watermark bug a timestamp would have).
/// </summary>
internal sealed class SyncReader(TodoChatDbContext db) : ISyncReader
{
    public Task<long> CurrentStampAsync(string userId, CancellationToken cancellationToken) =>
        db.Set<SyncCounterRow>().AsNoTracking().Where(r => r.UserId == userId).Select(r => r.Value).FirstOrDefaultAsync(cancellationToken);

    public Task<SyncChanges> ReadAsync(string userId, long? since, int conversations, int messagesPerConversation, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return strategy.ExecuteAsync(
            async ct =>
            {
                // One snapshot for the counter, the rows and the messages; read-only, so it never conflicts.
                await using var snapshot = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
                await db.Database.ExecuteSqlRawAsync("SET TRANSACTION READ ONLY", ct);
                var current = await CurrentStampAsync(userId, ct);
                var changes = since is { } after
                    ? await ChangedSinceAsync(userId, after, current, conversations, messagesPerConversation, ct)
                    : await RecentAsync(userId, current, conversations, messagesPerConversation, ct);
                await snapshot.CommitAsync(ct);
                return changes;
            },
            cancellationToken);
    }

    /// <summary>From nothing: the most recently active conversations, each with its newest messages.</summary>
    private async Task<SyncChanges> RecentAsync(string userId, long current, int take, int messages, CancellationToken ct)
    {
        var rows = await db.Conversations.AsNoTracking()
            .Where(c => c.UserId == userId)
            .OrderByDescending(c => c.UpdatedAt)
            .ThenByDescending(c => c.Id)
            .Take(take + 1)
            .ProjectToDto()
            .ToListAsync(ct);
        var page = rows.Take(take).ToList();
        var synced = new List<SyncedConversation>(page.Count);
        foreach (var conversation in page)
        {
            synced.Add(await WithMessagesAsync(conversation, db.Messages.Where(m => m.ConversationId == conversation.Id), messages, ct));
        }

        // The rest of the list is the conversation list's to page; the token covers everything up to now.
        return new SyncChanges(synced, [], rows.Count > take, current);
    }

    /// <summary>The conversations and tombstones stamped after <paramref name="since"/>, oldest stamp first.</summary>
    private async Task<SyncChanges> ChangedSinceAsync(string userId, long since, long current, int take, int messages, CancellationToken ct)
    {
        var changed = await db.Conversations.AsNoTracking()
            .Where(c => c.UserId == userId && EF.Property<long>(c, SyncStamps.Property) > since)
            .OrderBy(c => EF.Property<long>(c, SyncStamps.Property))
            .Take(take + 1)
            .Select(c => new { Stamp = EF.Property<long>(c, SyncStamps.Property), Conversation = new ConversationDto(c.Id, c.Title, c.CreatedAt, c.UpdatedAt, c.MessageCount, c.LastMessageAt) })
            .ToListAsync(ct);
        var deleted = await db.Set<ConversationTombstoneRow>().AsNoTracking()
            .Where(t => t.UserId == userId && t.SyncStamp > since)
            .OrderBy(t => t.SyncStamp)
            .Take(take + 1)
            .Select(t => new { Stamp = t.SyncStamp, Deleted = new DeletedConversation(t.ConversationId, t.DeletedAt) })
            .ToListAsync(ct);

        // Both lists merged by stamp (one write, one stamp), cut at the bound.
        var merged = changed.Select(c => (c.Stamp, Conversation: (ConversationDto?)c.Conversation, Deleted: (DeletedConversation?)null))
            .Concat(deleted.Select(d => (d.Stamp, Conversation: (ConversationDto?)null, Deleted: (DeletedConversation?)d.Deleted)))
            .OrderBy(x => x.Stamp)
            .ToList();
        var hasMore = merged.Count > take;
        var page = merged.Take(take).ToList();
        var through = hasMore ? page[^1].Stamp : current;

        var synced = new List<SyncedConversation>();
        foreach (var item in page.Where(x => x.Conversation is not null))
        {
            var id = item.Conversation!.Id;
            var added = db.Messages.Where(m => m.ConversationId == id
                && EF.Property<long>(m, SyncStamps.Property) > since
                && EF.Property<long>(m, SyncStamps.Property) <= through);
            synced.Add(await WithMessagesAsync(item.Conversation, added, messages, ct));
        }

        return new SyncChanges(synced, page.Where(x => x.Deleted is not null).Select(x => x.Deleted!).ToList(), hasMore, through);
    }

    /// <summary>The newest <paramref name="take"/> of these messages, oldest first; truncated when there were more.</summary>
    private static async Task<SyncedConversation> WithMessagesAsync(ConversationDto conversation, IQueryable<Message> messages, int take, CancellationToken ct)
    {
        var newestFirst = await messages.AsNoTracking()
            .OrderByDescending(m => m.Seq)
            .Take(take + 1)
            .ProjectToDto()
            .ToListAsync(ct);
        var truncated = newestFirst.Count > take;
        var kept = newestFirst.Take(take).Reverse().ToList();
        return new SyncedConversation(conversation, kept, truncated);
    }
}
