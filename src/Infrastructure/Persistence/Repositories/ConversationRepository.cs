using Microsoft.EntityFrameworkCore;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Domain.Conversations;

namespace TodoChat.Infrastructure.Persistence.Repositories;

internal sealed class ConversationRepository(TodoChatDbContext db) : IConversationRepository
{
    public async Task AddConversationAsync(Conversation conversation, CancellationToken cancellationToken)
    {
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<Message?> AppendMessageAsync(
        string userId,
        Guid conversationId,
        Func<Conversation, Message> append,
        CancellationToken cancellationToken)
    {
        Message? appended = null;
        var strategy = db.Database.CreateExecutionStrategy();
        var result = await strategy.ExecuteInTransactionAsync(
            async ct =>
            {
                db.ChangeTracker.Clear();

                // The row lock orders concurrent appends: each sees the counter the previous one left.
                var conversation = await db.Conversations
                    .FromSql($"SELECT * FROM conversations WHERE id = {conversationId} AND user_id = {userId} FOR UPDATE")
                    .AsAsyncEnumerable()
                    .FirstOrDefaultAsync(ct);
                if (conversation is null)
                {
                    return null;
                }

                appended = append(conversation);
                db.Messages.Add(appended);
                await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
                return appended;
            },
            // When the commit's answer was lost, the retry asks whether the message made it, so it is never written twice.
            async ct => appended is not null && await db.Messages.AnyAsync(m => m.Id == appended.Id, ct),
            cancellationToken);

        db.ChangeTracker.AcceptAllChanges();
        return result;
    }
}
