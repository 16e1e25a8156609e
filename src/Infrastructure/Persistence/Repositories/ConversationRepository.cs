using Microsoft.EntityFrameworkCore;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Conversations;
using TodoChat.Domain.Conversations;

namespace TodoChat.Infrastructure.Persistence.Repositories;

internal sealed class ConversationRepository(TodoChatDbContext db) : IConversationRepository
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
        // Inside a larger transaction (a chat turn), the append is part of it.
        if (db.Database.CurrentTransaction is not null)
        {
            var inTurn = await AppendLockedAsync(userId, conversationId, append, cancellationToken);
            if (inTurn is not null)
            {
                await db.SaveChangesAsync(cancellationToken);
            }

            return inTurn;
        }

        AppendedMessage? appended = null;
        var strategy = db.Database.CreateExecutionStrategy();
        var result = await strategy.ExecuteInTransactionAsync(
            async ct =>
            {
                db.ChangeTracker.Clear();
                appended = await AppendLockedAsync(userId, conversationId, append, ct);
                if (appended is not null)
                {
                    await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
                }

                return appended;
            },
            // When the commit's answer was lost, the retry asks whether the message made it, so it is never written twice.
            async ct => appended is not null && await db.Messages.AnyAsync(m => m.Id == appended.Message.Id, ct),
            cancellationToken);

        db.ChangeTracker.AcceptAllChanges();
        return result;
    }

    public Task<ConversationDto?> GetConversationAsync(string userId, Guid conversationId, CancellationToken cancellationToken) =>
        db.Conversations.AsNoTracking()
            .Where(c => c.Id == conversationId && c.UserId == userId)
            .ProjectToDto()
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<MessageDto>> GetHistoryPageAsync(HistoryPageRequest request, CancellationToken cancellationToken) =>
        request.Offset > 0
            ? await GetPageByOffsetAsync(request, cancellationToken)
            : await GetPageByKeysetAsync(request, cancellationToken);

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

    public async Task<bool> DeleteConversationAsync(string userId, Guid conversationId, CancellationToken cancellationToken) =>
        await db.Conversations
            .Where(c => c.Id == conversationId && c.UserId == userId)
            .ExecuteDeleteAsync(cancellationToken) > 0;

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

    /// <summary>
    /// The row lock orders concurrent appends: each sees the counter the previous one left. Inside a
    /// larger transaction, a conversation this context already tracks was created or locked by that
    /// same transaction (nothing else here tracks conversations), so it is used without a second trip.
    /// </summary>
    private async Task<AppendedMessage?> AppendLockedAsync(string userId, Guid conversationId, Func<Conversation, Message> append, CancellationToken cancellationToken)
    {
        var conversation = db.Database.CurrentTransaction is null
            ? null
            : db.Conversations.Local.FirstOrDefault(c => c.Id == conversationId && c.UserId == userId);
        conversation ??= await db.Conversations
            .FromSql($"SELECT * FROM conversations WHERE id = {conversationId} AND user_id = {userId} FOR UPDATE")
            .AsAsyncEnumerable()
            .FirstOrDefaultAsync(cancellationToken);
        if (conversation is null)
        {
            return null;
        }

        var message = append(conversation);
        db.Messages.Add(message);
        return new AppendedMessage(message, conversation.ToDto());
    }

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
