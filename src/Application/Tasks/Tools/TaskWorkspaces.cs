using Microsoft.Extensions.Options;
using TodoChat.Application.Common.Exceptions;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Common.Quotas;

namespace TodoChat.Application.Tasks.Tools;

/// <summary>Opens <see cref="TaskWorkspace"/>s, and runs single tool calls (the MCP server's) as units of their own.</summary>
public sealed class TaskWorkspaces(
    ITaskRepository tasks,
    IAccountUsage usage,
    IOptions<QuotaOptions> quotas,
    ITransactionRunner transactions,
    TimeProvider clock)
{
    /// <summary>How many times a lone tool call runs before a task it read keeps changing under it makes it a 503.</summary>
    public const int Attempts = 3;

    public TaskWorkspace Open(string userId) => new(userId, tasks, usage, quotas.Value, clock);

    /// <summary>
    /// One tool call applied on its own: staged in a fresh unit, then committed in a short transaction;
    /// when a task it read changed meanwhile, it runs again from fresh reads (it has no model to ask again).
    /// </summary>
    public async Task<T> RunAsync<T>(string userId, Func<TaskWorkspace, Task<T>> tool, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var work = Open(userId);
            var result = await tool(work);
            if (!work.HasChanges)
            {
                return result;
            }

            try
            {
                await transactions.RunAsync(
                    async ct =>
                    {
                        await work.CommitAsync(ct);
                        await tasks.SaveChangesAsync(ct);
                        return true;
                    },
                    cancellationToken);
                return result;
            }
            catch (ConcurrentChangeException) when (attempt < Attempts)
            {
            }
        }
    }
}
