using Mediator;
using TodoChat.Application.Common;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Common.Messaging;
using TodoChat.Application.Common.Quotas;
using TodoChat.Domain.Conversations;

namespace TodoChat.Application.Conversations.Commands.CreateConversation;

/// <summary>Starts an empty conversation for the user.</summary>
public sealed record CreateConversationCommand(string UserId, string Title) : ICommand<ConversationDto>, IUserRequest;

public sealed class CreateConversationHandler(IConversationRepository conversations, AccountQuotas quotas, TimeProvider clock)
    : ICommandHandler<CreateConversationCommand, ConversationDto>
{
    public async ValueTask<ConversationDto> Handle(CreateConversationCommand command, CancellationToken cancellationToken)
    {
        await quotas.EnsureRoomForConversationAsync(command.UserId, cancellationToken);
        var conversation = new Conversation(Guid.CreateVersion7(), command.UserId, command.Title.Trim(), clock.GetUtcNowMicroseconds());
        await conversations.AddConversationAsync(conversation, cancellationToken);
        return conversation.ToDto();
    }
}
