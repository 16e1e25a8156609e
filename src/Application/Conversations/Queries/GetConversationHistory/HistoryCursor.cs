using TodoChat.Application.Common;
using TodoChat.Application.Common.Interfaces;

namespace TodoChat.Application.Conversations.Queries.GetConversationHistory;

/// <summary>
/// Where a history walk stands: the query it belongs to (conversation, order, time filters) and the
/// last message returned, by its place in the total order (created_at, seq).
/// </summary>
public sealed record HistoryCursor(
    Guid ConversationId,
    bool Descending,
    DateTimeOffset? After,
    DateTimeOffset? Before,
    DateTimeOffset LastCreatedAt,
    int LastSeq)
{
    private const byte Kind = 0x11;
    private const int Length = 1 + 1 + 16 + 8 + 8 + 8 + 4;

    public string Encode(ICursorProtector protector) =>
        new CursorWriter(stackalloc byte[Length], Kind)
            .WriteByte((byte)((Descending ? 1 : 0) | (After.HasValue ? 2 : 0) | (Before.HasValue ? 4 : 0)))
            .WriteGuid(ConversationId)
            .WriteInt64(After?.UtcTicks ?? 0)
            .WriteInt64(Before?.UtcTicks ?? 0)
            .WriteInstant(LastCreatedAt)
            .WriteInt32(LastSeq)
            .Protect(protector);

    /// <summary>The cursor, or null when it was not issued by this service or is not a history cursor.</summary>
    public static HistoryCursor? Decode(string cursor, ICursorProtector protector) =>
        CursorReader.Open(cursor, protector, Kind, Length, static payload =>
        {
            var flags = payload.ReadByte();
            var conversationId = payload.ReadGuid();
            var after = payload.ReadInstant();
            var before = payload.ReadInstant();
            return new HistoryCursor(
                conversationId,
                (flags & 1) != 0,
                (flags & 2) != 0 ? after : null,
                (flags & 4) != 0 ? before : null,
                payload.ReadInstant(),
                payload.ReadInt32());
        });

    /// <summary>Whether this cursor continues the query with these parameters.</summary>
    public bool Continues(Guid conversationId, bool descending, DateTimeOffset? after, DateTimeOffset? before) =>
        ConversationId == conversationId
        && Descending == descending
        && After?.UtcTicks == after?.UtcTicks
        && Before?.UtcTicks == before?.UtcTicks;
}
