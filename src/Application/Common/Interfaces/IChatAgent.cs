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
    /// <remarks>
    /// With <paramref name="stream"/> the model is asked to stream: tool calls and text are passed to it as
    /// they come, and the reply's text is all the text streamed over the turn (<see cref="Chat.Streaming.StreamedReply.Finish"/>).
    /// </remarks>
    Task<AgentReply> ReplyAsync(TaskWorkspace tasks, IReadOnlyList<MessageDto> history, string message, Chat.Streaming.StreamedReply? stream, CancellationToken cancellationToken);
}
