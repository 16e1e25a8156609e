using Mediator;
using TodoChat.Application.Common;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Common.Messaging;
using TodoChat.Domain.Conversations;

namespace TodoChat.Application.Conversations.Commands.AppendMessage;

/// <summary>
/// Adds a message at the end of a conversation: the next <c>seq</c>, a time not before the previous
/// message's, and the conversation's counters, all in one transaction. Null when the user has no
/// such conversation.
/// </summary>
public sealed record AppendMessageCommand(
    string UserId,
    Guid ConversationId,
    MessageRole Role,
    string Content,
    string? ToolCallsJson = null) : ICommand<MessageDto?>, IUserRequest;

public sealed class AppendMessageHandler(IConversationRepository conversations, TimeProvider clock)
    : ICommandHandler<AppendMessageCommand, MessageDto?>
{
    public async ValueTask<MessageDto?> Handle(AppendMessageCommand command, CancellationToken cancellationToken)
    {
        var appended = await conversations.AppendMessageAsync(
            command.UserId,
            command.ConversationId,
            conversation => conversation.Append(
                Guid.CreateVersion7(),
                command.Role,
                command.Content,
                command.ToolCallsJson,
                clock.GetUtcNowMicroseconds()),
            cancellationToken);
        return appended?.Message.ToDto();
    }
}
