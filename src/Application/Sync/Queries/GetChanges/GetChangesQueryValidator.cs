using FluentValidation;
using TodoChat.Application.Common;
using TodoChat.Application.Common.Interfaces;

namespace TodoChat.Application.Sync.Queries.GetChanges;

public sealed class GetChangesQueryValidator : AbstractValidator<GetChangesQuery>
{
    public GetChangesQueryValidator(ICursorProtector tokens)
    {
        RuleFor(q => q.UserId).ValidUserId();
        RuleFor(q => q.Limit).ValidLimit(GetChangesQuery.MaxLimit);
        RuleFor(q => q.Since).ValidCursor(token => SyncToken.Decode(token, tokens), name: "token");
    }
}
