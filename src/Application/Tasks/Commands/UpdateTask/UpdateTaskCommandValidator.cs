using FluentValidation;
using TodoChat.Application.Common;

namespace TodoChat.Application.Tasks.Commands.UpdateTask;

public sealed class UpdateTaskCommandValidator : AbstractValidator<UpdateTaskCommand>
{
    public UpdateTaskCommandValidator()
    {
        RuleFor(c => c.UserId).ValidUserId();
        RuleFor(c => c.Title).ValidTitle().When(c => c.Title is not null);
        RuleFor(c => c.Description).ValidDescription();
    }
}
