using TodoChat.Application.Common;
using TodoChat.Application.Common.Interfaces;

namespace TodoChat.Application.Sync.Queries.GetChanges;

/// <summary>Where a client's copy stands: every change of the user up to this stamp is in it. Signed.</summary>
public sealed record SyncToken(long Stamp)
{
    private const byte Kind = 0x31;
    private const int Length = 1 + 8;

    public string Encode(ICursorProtector protector) =>
        new CursorWriter(stackalloc byte[Length], Kind).WriteInt64(Stamp).Protect(protector);

    public static SyncToken? Decode(string token, ICursorProtector protector) =>
        CursorReader.Open(token, protector, Kind, Length, static payload => payload.ReadInt64() is >= 0 and var stamp ? new SyncToken(stamp) : null);
}
