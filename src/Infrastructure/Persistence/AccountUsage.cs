using Microsoft.EntityFrameworkCore;
using TodoChat.Application.Common.Interfaces;

namespace TodoChat.Infrastructure.Persistence;

/// <summary>Counts as <c>SELECT count(*) FROM (... LIMIT upTo)</c>: an index-only scan that stops at the quota.</summary>
internal sealed class AccountUsage(TodoChatDbContext db) : IAccountUsage
{
    public Task<int> CountTasksAsync(string userId, int upTo, CancellationToken cancellationToken) =>
        db.Tasks.Where(t => t.UserId == userId).Take(upTo).CountAsync(cancellationToken);

    public Task<int> CountConversationsAsync(string userId, int upTo, CancellationToken cancellationToken) =>
        db.Conversations.Where(c => c.UserId == userId).Take(upTo).CountAsync(cancellationToken);
}
