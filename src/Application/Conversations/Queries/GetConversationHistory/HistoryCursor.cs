using System.Buffers.Binary;
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

    public string Encode(ICursorProtector protector)
    {
        Span<byte> payload = stackalloc byte[Length];
        payload[0] = Kind;
        payload[1] = (byte)((Descending ? 1 : 0) | (After.HasValue ? 2 : 0) | (Before.HasValue ? 4 : 0));
        ConversationId.TryWriteBytes(payload[2..18]);
        BinaryPrimitives.WriteInt64LittleEndian(payload[18..26], After?.UtcTicks ?? 0);
        BinaryPrimitives.WriteInt64LittleEndian(payload[26..34], Before?.UtcTicks ?? 0);
        BinaryPrimitives.WriteInt64LittleEndian(payload[34..42], LastCreatedAt.UtcTicks);
        BinaryPrimitives.WriteInt32LittleEndian(payload[42..46], LastSeq);
        return protector.Protect(payload);
    }

    /// <summary>The cursor, or null when it was not issued by this service or is not a history cursor.</summary>
    public static HistoryCursor? Decode(string cursor, ICursorProtector protector)
    {
        var payload = protector.Unprotect(cursor);
        if (payload is not { Length: Length } || payload[0] != Kind)
        {
            return null;
        }

        var flags = payload[1];
        try
        {
            return new HistoryCursor(
                new Guid(payload.AsSpan(2, 16)),
                (flags & 1) != 0,
                (flags & 2) != 0 ? new DateTimeOffset(BinaryPrimitives.ReadInt64LittleEndian(payload.AsSpan(18, 8)), TimeSpan.Zero) : null,
                (flags & 4) != 0 ? new DateTimeOffset(BinaryPrimitives.ReadInt64LittleEndian(payload.AsSpan(26, 8)), TimeSpan.Zero) : null,
                new DateTimeOffset(BinaryPrimitives.ReadInt64LittleEndian(payload.AsSpan(34, 8)), TimeSpan.Zero),
                BinaryPrimitives.ReadInt32LittleEndian(payload.AsSpan(42, 4)));
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>Whether this cursor continues the query with these parameters.</summary>
    public bool Continues(Guid conversationId, bool descending, DateTimeOffset? after, DateTimeOffset? before) =>
        ConversationId == conversationId
        && Descending == descending
        && After?.UtcTicks == after?.UtcTicks
        && Before?.UtcTicks == before?.UtcTicks;
}
