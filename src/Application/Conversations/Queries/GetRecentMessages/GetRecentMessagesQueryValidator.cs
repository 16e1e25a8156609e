using FluentValidation;
using TodoChat.Application.Common;

namespace TodoChat.Application.Conversations.Queries.GetRecentMessages;

public sealed class GetRecentMessagesQueryValidator : AbstractValidator<GetRecentMessagesQuery>
{
    public GetRecentMessagesQueryValidator()
    {
        RuleFor(q => q.UserId).ValidUserId();
        RuleFor(q => q.Count).InclusiveBetween(1, GetRecentMessagesQuery.MaxCount);
    }
}
