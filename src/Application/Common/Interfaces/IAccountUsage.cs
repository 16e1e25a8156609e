namespace TodoChat.Application.Common.Interfaces;

/// <summary>How much of its quotas an account uses. Counts stop at the quota, so checking costs no more than the quota allows.</summary>
public interface IAccountUsage
{
    /// <summary>The user's tasks, counted up to <paramref name="upTo"/> at most.</summary>
    Task<int> CountTasksAsync(string userId, int upTo, CancellationToken cancellationToken);

    /// <summary>The user's conversations, counted up to <paramref name="upTo"/> at most.</summary>
    Task<int> CountConversationsAsync(string userId, int upTo, CancellationToken cancellationToken);
}
