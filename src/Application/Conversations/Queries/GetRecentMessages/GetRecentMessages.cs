using Mediator;
using TodoChat.Application.Common;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Common.Messaging;

namespace TodoChat.Application.Conversations.Queries.GetRecentMessages;

/// <summary>
/// The agent's context: the newest <see cref="Count"/> messages of a conversation, oldest first, as
/// one index range. Null when the user has no such conversation.
/// </summary>
public sealed record GetRecentMessagesQuery(string UserId, Guid ConversationId, int Count = GetRecentMessagesQuery.DefaultCount)
    : IQuery<IReadOnlyList<MessageDto>?>, IUserRequest
{
    public const int DefaultCount = 50;
    public const int MaxCount = 1000;
}

public sealed class GetRecentMessagesHandler(IConversationRepository conversations)
    : IQueryHandler<GetRecentMessagesQuery, IReadOnlyList<MessageDto>?>
{
    public async ValueTask<IReadOnlyList<MessageDto>?> Handle(GetRecentMessagesQuery query, CancellationToken cancellationToken)
    {
        var conversation = await conversations.GetConversationAsync(query.UserId, query.ConversationId, cancellationToken);
        return conversation is null
            ? null
            : await conversations.GetRecentMessagesAsync(conversation.State.Id, query.Count, cancellationToken);
    }
}
