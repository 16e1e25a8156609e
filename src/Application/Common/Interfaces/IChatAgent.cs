using TodoChat.Application.Chat;
using TodoChat.Application.Conversations;
using TodoChat.Application.Tasks.Tools;

namespace TodoChat.Application.Common.Interfaces;

/// <summary>
/// The AI agent: reads the conversation so far and the new message, uses the task tools on the
/// user's <see cref="TaskWorkspace"/> (whose changes the caller commits), and answers.
/// </summary>
public interface IChatAgent
{
    /// <summary>Throws <see cref="Exceptions.AgentUnavailableException"/> when the model cannot be reached in time.</summary>
    Task<AgentReply> ReplyAsync(TaskWorkspace tasks, IReadOnlyList<MessageDto> history, string message, CancellationToken cancellationToken);
}
