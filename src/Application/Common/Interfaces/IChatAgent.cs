using TodoChat.Application.Chat;
using TodoChat.Application.Conversations;

namespace TodoChat.Application.Common.Interfaces;

/// <summary>The AI agent: reads the conversation so far and the new message, uses the task tools as the user, and answers.</summary>
public interface IChatAgent
{
    /// <summary>Throws <see cref="Exceptions.AgentUnavailableException"/> when the model cannot be reached in time.</summary>
    Task<AgentReply> ReplyAsync(string userId, IReadOnlyList<MessageDto> history, string message, CancellationToken cancellationToken);
}
