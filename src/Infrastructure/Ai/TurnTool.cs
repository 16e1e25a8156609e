using System.Text.Json;
using Microsoft.Extensions.AI;
using TodoChat.Application.Common.Exceptions;
using TodoChat.Application.Common.Telemetry;
using TodoChat.Application.Tasks.Tools;

namespace TodoChat.Infrastructure.Ai;

/// <summary>
/// A task tool as one turn's agent calls it: each call is counted against the turn's budget (beyond
/// it the turn fails, and rolls back, with <see cref="QuotaKind.ToolCallsPerTurn"/>), and arguments
/// that do not bind (a task id of 1e20, a missing title) are a result the model can read and correct,
/// not a failed turn.
/// </summary>
internal sealed class TurnTool(AIFunction tool, TurnTool.Budget budget, TodoChatMetrics metrics) : DelegatingAIFunction(tool)
{
    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        metrics.ToolCall(Name);
        budget.Spend();
        try
        {
            return await base.InvokeCoreAsync(arguments, cancellationToken);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException { ParamName: "arguments" })
        {
            return new TaskToolResult(0, TaskToolStatus.Invalid, null, $"The arguments do not fit {Name}'s parameters; call it again with the types its schema gives.");
        }
    }

    /// <summary>Tool calls one turn may still make; 0 as the limit means no limit.</summary>
    public sealed class Budget(int limit)
    {
        private int _spent;

        public void Spend()
        {
            if (limit > 0 && Interlocked.Increment(ref _spent) > limit)
            {
                throw new QuotaExceededException(QuotaKind.ToolCallsPerTurn, limit);
            }
        }
    }
}
