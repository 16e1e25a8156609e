using TodoChat.Application.Common;
using TodoChat.Application.Common.Interfaces;

namespace TodoChat.Application.Conversations.Queries.GetConversations;

/// <summary>Where a walk through the conversation list stands: the last conversation returned.</summary>
public sealed record ConversationListCursor(DateTimeOffset UpdatedAt, Guid Id)
{
    private const byte Kind = 0x21;
    private const int Length = 1 + 8 + 16;

    public string Encode(ICursorProtector protector) =>
        new CursorWriter(stackalloc byte[Length], Kind).WriteInstant(UpdatedAt).WriteGuid(Id).Protect(protector);

    public static ConversationListCursor? Decode(string cursor, ICursorProtector protector) =>
        CursorReader.Open(cursor, protector, Kind, Length, static payload => new ConversationListCursor(payload.ReadInstant(), payload.ReadGuid()));
}
