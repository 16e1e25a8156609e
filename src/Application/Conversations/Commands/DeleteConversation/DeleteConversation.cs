using Mediator;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Common.Messaging;

namespace TodoChat.Application.Conversations.Commands.DeleteConversation;

/// <summary>Deletes a conversation with its messages; false when the user has no such conversation.</summary>
public sealed record DeleteConversationCommand(string UserId, Guid ConversationId) : ICommand<bool>, IUserRequest;

public sealed class DeleteConversationHandler(IConversationRepository conversations) : ICommandHandler<DeleteConversationCommand, bool>
{
    public ValueTask<bool> Handle(DeleteConversationCommand command, CancellationToken cancellationToken) =>
        new(conversations.DeleteConversationAsync(command.UserId, command.ConversationId, cancellationToken));
}
