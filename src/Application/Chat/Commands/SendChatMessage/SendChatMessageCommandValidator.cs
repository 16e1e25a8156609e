using FluentValidation;
using TodoChat.Application.Common;
using TodoChat.Application.Common.Idempotency;

namespace TodoChat.Application.Chat.Commands.SendChatMessage;

public sealed class SendChatMessageCommandValidator : AbstractValidator<SendChatMessageCommand>
{
    public SendChatMessageCommandValidator()
    {
        RuleFor(c => c.UserId).ValidUserId();
        RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey();
        RuleFor(c => c.Message)
            .StorableText()
            .Must(message => !string.IsNullOrWhiteSpace(message))
            .WithMessage("The message must not be empty.")
            .Must(message => message is null || message.Trim().Length <= SendChatMessageCommand.MessageMaxLength)
            .WithMessage($"The message must be at most {SendChatMessageCommand.MessageMaxLength:N0} characters.");
        RuleFor(c => c.ConversationId)
            .Must(id => id != Guid.Empty)
            .When(c => c.ConversationId is not null)
            .WithMessage("The conversation id must be a UUID, or null to start a conversation.");
    }
}
