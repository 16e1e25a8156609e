using FluentValidation;
using TodoChat.Application.Common;

namespace TodoChat.Application.Conversations.Commands.AppendMessage;

public sealed class AppendMessageCommandValidator : AbstractValidator<AppendMessageCommand>
{
    /// <summary>Generous: user messages are held to 10,000 characters by the chat use case, replies may be longer.</summary>
    public const int ContentMaxLength = 100_000;

    public AppendMessageCommandValidator()
    {
        RuleFor(c => c.UserId).ValidUserId();
        RuleFor(c => c.ConversationId).NotEmpty();
        RuleFor(c => c.Role).IsInEnum();
        RuleFor(c => c.Content).NotEmpty().MaximumLength(ContentMaxLength);
        RuleFor(c => c.Content).StorableText();
        RuleFor(c => c.ToolCallsJson).StorableText();
    }
}
