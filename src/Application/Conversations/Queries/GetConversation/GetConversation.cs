using Mediator;
using TodoChat.Application.Common;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Common.Messaging;

namespace TodoChat.Application.Conversations.Queries.GetConversation;

/// <summary>One conversation's summary, conditional on the client's entity tags.</summary>
public sealed record GetConversationQuery(string UserId, Guid ConversationId, IReadOnlyCollection<string>? IfNoneMatch = null)
    : IQuery<Conditional<ConversationDto>>, IUserRequest;

public sealed class GetConversationHandler(IConversationRepository conversations, IEtagGenerator etags)
    : IQueryHandler<GetConversationQuery, Conditional<ConversationDto>>
{
    public async ValueTask<Conditional<ConversationDto>> Handle(GetConversationQuery query, CancellationToken cancellationToken)
    {
        var stored = await conversations.GetConversationAsync(query.UserId, query.ConversationId, cancellationToken);
        if (stored is null)
        {
            return Conditional<ConversationDto>.NotFound;
        }

        var etag = etags.ForConversation(stored.State);
        return EntityTags.NoneMatchFails(etag, query.IfNoneMatch)
            ? Conditional<ConversationDto>.NotModified(etag)
            : Conditional<ConversationDto>.Found(etag, stored.Conversation);
    }
}
