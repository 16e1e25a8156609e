using FluentValidation;
using TodoChat.Application.Common;
using TodoChat.Application.Common.Interfaces;

namespace TodoChat.Application.Sync.Queries.GetChanges;

public sealed class GetChangesQueryValidator : AbstractValidator<GetChangesQuery>
{
    public GetChangesQueryValidator(ICursorProtector tokens)
    {
        RuleFor(q => q.UserId).ValidUserId();
        RuleFor(q => q.Limit)
            .InclusiveBetween(1, GetChangesQuery.MaxLimit)
            .WithMessage($"The limit must be an integer from 1 to {GetChangesQuery.MaxLimit}.");
        RuleFor(q => q.Since)
            .Must(token => SyncToken.Decode(token!, tokens) is not null)
            .When(q => q.Since is not null)
            .WithMessage("The token is not one this service issued, or it was altered.");
    }
}
