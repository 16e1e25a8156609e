using Mediator;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Common.Messaging;

namespace TodoChat.Application.Conversations.Commands.DeleteConversation;

/// <summary>Deletes a conversation with its messages; false when the user has no such conversation.</summary>
public sealed record DeleteConversationCommand(string UserId, Guid ConversationId) : ICommand<bool>, IUserRequest;

/// <summary>The delete and its tombstone (which sync answers to clients) commit together.</summary>
public sealed class DeleteConversationHandler(IConversationRepository conversations, ITransactionRunner transactions) : ICommandHandler<DeleteConversationCommand, bool>
{
    public ValueTask<bool> Handle(DeleteConversationCommand command, CancellationToken cancellationToken) =>
        new(transactions.RunAsync(ct => conversations.DeleteConversationAsync(command.UserId, command.ConversationId, ct), cancellationToken));
}
