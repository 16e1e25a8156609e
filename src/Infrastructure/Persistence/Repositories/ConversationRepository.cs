using Microsoft.EntityFrameworkCore;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Conversations;
using TodoChat.Domain.Conversations;
using TodoChat.Infrastructure.Caching;

namespace TodoChat.Infrastructure.Persistence.Repositories;

internal sealed class ConversationRepository(TodoChatDbContext db, ConversationStateCache states, ConversationChanges changes) : IConversationRepository
{
    public async Task AddConversationAsync(Conversation conversation, CancellationToken cancellationToken)
    {
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<AppendedMessage?> AppendMessageAsync(
        string userId,
        Guid conversationId,
        Func<Conversation, Message> append,
        CancellationToken cancellationToken)
    {
        AppendedMessage? appended = null;
        var strategy = db.Database.CreateExecutionStrategy();
        var result = await strategy.ExecuteInTransactionAsync(
            async ct =>
            {
                db.ChangeTracker.Clear();
                var conversation = await LockForTurnAsync(userId, conversationId, ct);
                if (conversation is null)
                {
                    return null;
                }

                var message = append(conversation);
                db.Messages.Add(message);
                appended = new AppendedMessage(message, conversation.ToDto());
                await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
                return appended;
            },
            // When the commit's answer was lost, the retry asks whether the message made it, so it is never written twice.
            async ct => appended is not null && await db.Messages.AnyAsync(m => m.Id == appended.Message.Id, ct),
            cancellationToken);

        db.ChangeTracker.AcceptAllChanges();
        if (result is not null)
        {
            changes.Changed(conversationId);
        }

        return result;
    }

    /// <summary>The row lock orders concurrent writers: each sees the counter the previous one left.</summary>
    public Task<Conversation?> LockForTurnAsync(string userId, Guid conversationId, CancellationToken cancellationToken) =>
        db.Conversations
            .FromSql($"SELECT * FROM conversations WHERE id = {conversationId} AND user_id = {userId} FOR UPDATE")
            .AsAsyncEnumerable()
            .FirstOrDefaultAsync(cancellationToken)
            .AsTask();

    public async Task<ConversationDto> SaveTurnAsync(Conversation conversation, bool isNew, IReadOnlyList<Message> messages, CancellationToken cancellationToken)
    {
        if (isNew)
        {
            db.Conversations.Add(conversation);
        }

        db.Messages.AddRange(messages);
        await db.SaveChangesAsync(cancellationToken);
        changes.Changed(conversation.Id);
        return conversation.ToDto();
    }

    /// <summary>
    /// The conversation's row from the state cache when it holds it (a conversation never changes
    /// owner, so another user's request is answered "not found" from it too), else from the database.
    /// </summary>
    public async Task<ConversationDto?> GetConversationAsync(string userId, Guid conversationId, CancellationToken cancellationToken)
    {
        if (states.TryGet(conversationId, out var cached))
        {
            return cached!.UserId == userId ? cached.Conversation : null;
        }

        var stamp = states.Stamp(conversationId);
        var conversation = await db.Conversations.AsNoTracking()
            .Where(c => c.Id == conversationId && c.UserId == userId)
            .ProjectToDto()
            .FirstOrDefaultAsync(cancellationToken);
        if (conversation is not null)
        {
            states.Store(userId, conversation, stamp);
        }

        return conversation;
    }

    public async Task<IReadOnlyList<MessageDto>> GetHistoryPageAsync(HistoryPageRequest request, CancellationToken cancellationToken) =>
        request.Offset > 0
            ? await GetPageByOffsetAsync(request, cancellationToken)
            : await GetPageByKeysetAsync(request, cancellationToken);

    public async Task<IReadOnlyList<MessageDto>> GetMessagesBySeqAsync(Guid conversationId, int firstSeq, int lastSeq, CancellationToken cancellationToken) =>
        await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversationId && m.Seq >= firstSeq && m.Seq <= lastSeq)
            .OrderBy(m => m.Seq)
            .ProjectToDto()
            .ToListAsync(cancellationToken);

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
        var deleted = await db.Conversations
            .Where(c => c.Id == conversationId && c.UserId == userId)
            .ExecuteDeleteAsync(cancellationToken) > 0;
        if (deleted)
        {
            changes.Changed(conversationId);
        }

        return deleted;
    }

    /// <summary>
    /// Time bounds and the cursor's position as predicates on the (conversation_id, created_at, seq)
    /// index; the row-value comparison makes the position one index seek, wherever the page is.
    /// </summary>
    private async Task<List<MessageDto>> GetPageByKeysetAsync(HistoryPageRequest request, CancellationToken cancellationToken)
    {
        var query = WithinTimeBounds(request);
        if (request.Position is var (createdAt, seq))
        {
            query = request.Descending
                ? query.Where(m => EF.Functions.LessThan(ValueTuple.Create(m.CreatedAt, m.Seq), ValueTuple.Create(createdAt, seq)))
                : query.Where(m => EF.Functions.GreaterThan(ValueTuple.Create(m.CreatedAt, m.Seq), ValueTuple.Create(createdAt, seq)));
        }

        query = request.Descending
            ? query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Seq)
            : query.OrderBy(m => m.CreatedAt).ThenBy(m => m.Seq);
        return await query.Take(request.Take).ProjectToDto().ToListAsync(cancellationToken);
    }

    /// <summary>
    /// "Skip k" without reading k rows: seq is gapless and runs in the same order as created_at, so the
    /// filtered messages are a seq range [first, last], and skipping k of them moves one end of it by k.
    /// The page is then one range read on the unique (conversation_id, seq) index.
    /// </summary>
    private async Task<List<MessageDto>> GetPageByOffsetAsync(HistoryPageRequest request, CancellationToken cancellationToken)
    {
        long first = request.After is null ? 1 : await FirstSeqAfterAsync(request, cancellationToken) ?? long.MaxValue;
        long last = request.Before is null ? request.MessageCount : await LastSeqBeforeAsync(request, cancellationToken) ?? 0;
        if (request.Descending)
        {
            last -= request.Offset;
        }
        else
        {
            first += request.Offset;
        }

        if (first > last)
        {
            return [];
        }

        int from = (int)first, to = (int)last;
        var range = db.Messages.AsNoTracking().Where(m => m.ConversationId == request.ConversationId && m.Seq >= from && m.Seq <= to);
        range = request.Descending ? range.OrderByDescending(m => m.Seq) : range.OrderBy(m => m.Seq);
        return await range.Take(request.Take).ProjectToDto().ToListAsync(cancellationToken);
    }

    private Task<int?> FirstSeqAfterAsync(HistoryPageRequest request, CancellationToken cancellationToken) =>
        db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == request.ConversationId && m.CreatedAt > request.After!.Value)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Seq)
            .Select(m => (int?)m.Seq)
            .FirstOrDefaultAsync(cancellationToken);

    private Task<int?> LastSeqBeforeAsync(HistoryPageRequest request, CancellationToken cancellationToken) =>
        db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == request.ConversationId && m.CreatedAt < request.Before!.Value)
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Seq)
            .Select(m => (int?)m.Seq)
            .FirstOrDefaultAsync(cancellationToken);

    private IQueryable<Message> WithinTimeBounds(HistoryPageRequest request)
    {
        var query = db.Messages.AsNoTracking().Where(m => m.ConversationId == request.ConversationId);
        if (request.After is { } after)
        {
            query = query.Where(m => m.CreatedAt > after);
        }

        if (request.Before is { } before)
        {
            query = query.Where(m => m.CreatedAt < before);
        }

        return query;
    }
}
