using TodoChat.Application.Sync;

namespace TodoChat.Application.Common.Interfaces;

/// <summary>What changed in a user's conversations, by the stamps their writes took (ADR-015).</summary>
public interface ISyncReader
{
    /// <summary>The user's counter: the stamp of the last committed write (0 before any). One primary-key read.</summary>
    Task<long> CurrentStampAsync(string userId, CancellationToken cancellationToken);

    /// <summary>
    /// In one snapshot: from nothing (<paramref name="since"/> null), the most recently active
    /// conversations with their newest messages; else the conversations and tombstones stamped after
    /// <paramref name="since"/>, oldest stamp first, with the messages those writes added.
    /// </summary>
    Task<SyncChanges> ReadAsync(string userId, long? since, int conversations, int messagesPerConversation, CancellationToken cancellationToken);
}
