using System.Buffers.Binary;
using TodoChat.Application.Common.Interfaces;

namespace TodoChat.Application.Sync.Queries.GetChanges;

/// <summary>Where a client's copy stands: every change of the user up to this stamp is in it. Signed.</summary>
public sealed record SyncToken(long Stamp)
{
    private const byte Kind = 0x31;
    private const int Length = 1 + 8;

    public string Encode(ICursorProtector protector)
    {
        Span<byte> payload = stackalloc byte[Length];
        payload[0] = Kind;
        BinaryPrimitives.WriteInt64LittleEndian(payload[1..], Stamp);
        return protector.Protect(payload);
    }

    public static SyncToken? Decode(string token, ICursorProtector protector)
    {
        var payload = protector.Unprotect(token);
        if (payload is not { Length: Length } || payload[0] != Kind)
        {
            return null;
        }

        var stamp = BinaryPrimitives.ReadInt64LittleEndian(payload.AsSpan(1));
        return stamp < 0 ? null : new SyncToken(stamp);
    }
}
