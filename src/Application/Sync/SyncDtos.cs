using TodoChat.Application.Conversations;

namespace TodoChat.Application.Sync;

/// <summary>A conversation that changed, with the messages added since the token (at most a bound; <see cref="MessagesTruncated"/> says when older ones were left out).</summary>
public sealed record SyncedConversation(ConversationDto Conversation, IReadOnlyList<MessageDto> Messages, bool MessagesTruncated);

/// <summary>A conversation deleted since the token: drop it.</summary>
public sealed record DeletedConversation(Guid Id, DateTimeOffset DeletedAt);

/// <summary>One sync answer: apply it, then send <see cref="NextToken"/> next time; with <see cref="HasMore"/>, at once.</summary>
public sealed record SyncPage(IReadOnlyList<SyncedConversation> Conversations, IReadOnlyList<DeletedConversation> Deleted, bool HasMore, string NextToken);

/// <summary>What a read found, before it becomes a token: the stamp the next read starts after.</summary>
public sealed record SyncChanges(IReadOnlyList<SyncedConversation> Conversations, IReadOnlyList<DeletedConversation> Deleted, bool HasMore, long Through);
