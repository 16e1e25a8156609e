using System.Buffers.Binary;
using TodoChat.Application.Common.Interfaces;

namespace TodoChat.Application.Conversations.Queries.GetConversations;

/// <summary>Where a walk through the conversation list stands: the last conversation returned.</summary>
public sealed record ConversationListCursor(DateTimeOffset UpdatedAt, Guid Id)
{
    private const byte Kind = 0x21;
    private const int Length = 1 + 8 + 16;

    public string Encode(ICursorProtector protector)
    {
        Span<byte> payload = stackalloc byte[Length];
        payload[0] = Kind;
        BinaryPrimitives.WriteInt64LittleEndian(payload[1..9], UpdatedAt.UtcTicks);
        Id.TryWriteBytes(payload[9..25]);
        return protector.Protect(payload);
    }

    public static ConversationListCursor? Decode(string cursor, ICursorProtector protector)
    {
        var payload = protector.Unprotect(cursor);
        if (payload is not { Length: Length } || payload[0] != Kind)
        {
            return null;
        }

        try
        {
            return new ConversationListCursor(
                new DateTimeOffset(BinaryPrimitives.ReadInt64LittleEndian(payload.AsSpan(1, 8)), TimeSpan.Zero),
                new Guid(payload.AsSpan(9, 16)));
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
