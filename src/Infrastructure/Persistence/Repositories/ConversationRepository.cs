using Microsoft.EntityFrameworkCore;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Conversations;
using TodoChat.Domain.Conversations;
using TodoChat.Infrastructure.Persistence.Sync;

namespace TodoChat.Infrastructure.Persistence.Repositories;

internal sealed class ConversationRepository(TodoChatDbContext db) : IConversationRepository
{
    /// <summary>The row lock orders concurrent writers: each sees the counter the previous one left.</summary>
    public Task<Conversation?> LockForTurnAsync(string userId, Guid conversationId, CancellationToken cancellationToken) =>
        db.Conversations
            .FromSql($"SELECT * FROM conversations WHERE id = {conversationId} AND user_id = {userId} FOR UPDATE")
            .AsAsyncEnumerable()
            .FirstOrDefaultAsync(cancellationToken)
            .AsTask();

    public async Task<ConversationState> SaveTurnAsync(Conversation conversation, bool isNew, IReadOnlyList<Message> messages, CancellationToken cancellationToken)
    {
        if (isNew)
        {
            db.Conversations.Add(conversation);
        }

        db.Messages.AddRange(messages);

        // Taken last, after the conversation's and the tasks' locks: always in that order, so no deadlock.
        var stamp = await NextSyncStampAsync(conversation.UserId, cancellationToken);
        db.Entry(conversation).Property(SyncStamps.Property).CurrentValue = stamp;
        foreach (var message in messages)
        {
            db.Entry(message).Property(SyncStamps.Property).CurrentValue = stamp;
        }

        await db.SaveChangesAsync(cancellationToken);
        return conversation.ToState();
    }

    public async Task<StoredConversation?> GetConversationAsync(string userId, Guid conversationId, CancellationToken cancellationToken)
    {
        var conversation = await db.Conversations.AsNoTracking()
            .Where(c => c.Id == conversationId && c.UserId == userId)
            .FirstOrDefaultAsync(cancellationToken);
        return conversation?.ToStored();
    }

    public async Task<IReadOnlyList<MessageDto>> GetRecentMessagesAsync(Guid conversationId, int count, CancellationToken cancellationToken)
    {
        var newestFirst = await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversationId)
            .OrderByDescending(m => m.CreatedAt)
            .ThenByDescending(m => m.Seq)
            .Take(count)
            .ProjectToDto()
            .ToListAsync(cancellationToken);
        newestFirst.Reverse();
        return newestFirst;
    }

    public async Task<IReadOnlyList<ConversationDto>> GetConversationsAsync(
        string userId,
        int take,
        (DateTimeOffset UpdatedAt, Guid Id)? after,
        CancellationToken cancellationToken)
    {
        var query = db.Conversations.AsNoTracking().Where(c => c.UserId == userId);
        if (after is var (updatedAt, id))
        {
            query = query.Where(c => EF.Functions.LessThan(ValueTuple.Create(c.UpdatedAt, c.Id), ValueTuple.Create(updatedAt, id)));
        }

        return await query
            .OrderByDescending(c => c.UpdatedAt)
            .ThenByDescending(c => c.Id)
            .Take(take)
            .ProjectToDto()
            .ToListAsync(cancellationToken);
    }

    public async Task<bool> DeleteConversationAsync(string userId, Guid conversationId, CancellationToken cancellationToken)
    {
        // The delete locks the conversation's row first, then the counter is taken: the order a turn's commit uses.
        if (await db.Conversations.Where(c => c.Id == conversationId && c.UserId == userId).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return false;
        }

        var stamp = await NextSyncStampAsync(userId, cancellationToken);
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO conversation_tombstones (conversation_id, user_id, sync_stamp, deleted_at) VALUES ({conversationId}, {userId}, {stamp}, now())",
            cancellationToken);
        return true;
    }

    /// <summary>
    /// Bumps the user's sync counter and returns its new value, the stamp of this write (ADR-015). The
    /// counter's row stays locked until the caller's transaction ends, so the user's writes take their
    /// stamps in the order they commit.
    /// </summary>
    private async Task<long> NextSyncStampAsync(string userId, CancellationToken cancellationToken)
    {
        var values = await db.Database.SqlQuery<long>(
                $"INSERT INTO sync_counters (user_id, value) VALUES ({userId}, 1) ON CONFLICT (user_id) DO UPDATE SET value = sync_counters.value + 1 RETURNING value AS \"Value\"")
            .ToListAsync(cancellationToken);
        return values[0];
    }
}
