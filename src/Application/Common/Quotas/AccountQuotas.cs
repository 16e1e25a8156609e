using Microsoft.Extensions.Options;
using TodoChat.Application.Common.Exceptions;
using TodoChat.Application.Common.Interfaces;

namespace TodoChat.Application.Common.Quotas;

/// <summary>
/// The checks before an account grows. Counted before the insert, in the writer's transaction, without
/// a lock: concurrent writers of one user (bounded by the rate limits) may each pass at the edge, so an
/// account can exceed its quota by at most that many; a lock would make a slow chat turn hold up every
/// other write of the user.
/// </summary>
public sealed class AccountQuotas(IAccountUsage usage, IOptions<QuotaOptions> options)
{
    public async Task EnsureRoomForTaskAsync(string userId, CancellationToken cancellationToken)
    {
        var limit = options.Value.TasksPerUser;
        if (limit > 0 && await usage.CountTasksAsync(userId, limit, cancellationToken) >= limit)
        {
            throw new QuotaExceededException(QuotaKind.Tasks, limit);
        }
    }

    public async Task EnsureRoomForConversationAsync(string userId, CancellationToken cancellationToken)
    {
        var limit = options.Value.ConversationsPerUser;
        if (limit > 0 && await usage.CountConversationsAsync(userId, limit, cancellationToken) >= limit)
        {
            throw new QuotaExceededException(QuotaKind.Conversations, limit);
        }
    }
}
