namespace TodoChat.Application.Conversations;

/// <summary>
/// What a conversation's entity tag names: its message count and times, and the revision the database
/// bumps whenever stored messages are changed or removed behind the service's back (an operator's
/// redaction or erasure). One indexed row of the primary, read on every request.
/// </summary>
public sealed record ConversationState(Guid Id, int MessageCount, DateTimeOffset? LastMessageAt, DateTimeOffset UpdatedAt, long Revision);

/// <summary>A conversation's public summary and the state its entity tag names.</summary>
public sealed record StoredConversation(ConversationDto Conversation, ConversationState State);
