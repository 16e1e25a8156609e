using Microsoft.EntityFrameworkCore;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Conversations;
using TodoChat.Domain.Conversations;

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
        return await db.Conversations
            .Where(c => c.Id == conversationId && c.UserId == userId)
            .ExecuteDeleteAsync(cancellationToken) > 0;
    }
}
