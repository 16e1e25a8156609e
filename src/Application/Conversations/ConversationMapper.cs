using Riok.Mapperly.Abstractions;
using TodoChat.Domain.Conversations;

namespace TodoChat.Application.Conversations;

[Mapper]
public static partial class ConversationMapper
{
    [MapperIgnoreSource(nameof(Conversation.UserId))]
    [MapperIgnoreSource(nameof(Conversation.Revision))]
    public static partial ConversationDto ToDto(this Conversation conversation);

    [MapperIgnoreSource(nameof(Conversation.UserId))]
    [MapperIgnoreSource(nameof(Conversation.Title))]
    [MapperIgnoreSource(nameof(Conversation.CreatedAt))]
    public static partial ConversationState ToState(this Conversation conversation);

    [MapperIgnoreSource(nameof(Message.ConversationId))]
    [MapperIgnoreSource(nameof(Message.UserId))]
    [MapperIgnoreSource(nameof(Message.ToolCallsJson))]
    public static partial MessageDto ToDto(this Message message);

    /// <summary>Projection for read paths: only the DTO's columns are selected.</summary>
    public static partial IQueryable<ConversationDto> ProjectToDto(this IQueryable<Conversation> query);

    /// <summary>The public summary and the state behind its entity tag.</summary>
    public static StoredConversation ToStored(this Conversation conversation) => new(conversation.ToDto(), conversation.ToState());

    /// <summary>Projection for read paths: only the DTO's columns are selected.</summary>
    public static partial IQueryable<MessageDto> ProjectToDto(this IQueryable<Message> query);
}
