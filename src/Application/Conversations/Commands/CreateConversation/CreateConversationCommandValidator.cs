using FluentValidation;
using TodoChat.Application.Common;

namespace TodoChat.Application.Conversations.Commands.CreateConversation;

public sealed class CreateConversationCommandValidator : AbstractValidator<CreateConversationCommand>
{
    public CreateConversationCommandValidator()
    {
        RuleFor(c => c.UserId).ValidUserId();
        RuleFor(c => c.Title).NotNull().StorableText();
    }
}
