using System.Buffers.Binary;
using TodoChat.Application.Common.Interfaces;

namespace TodoChat.Application.Tasks.Queries.GetTasks;

/// <summary>Where a walk through the task list stands: the status it lists and the last task returned.</summary>
public sealed record TaskListCursor(TaskStatusFilter Status, int AfterId)
{
    private const byte Kind = 0x31;
    private const int Length = 1 + 1 + 4;

    public string Encode(ICursorProtector protector)
    {
        Span<byte> payload = stackalloc byte[Length];
        payload[0] = Kind;
        payload[1] = (byte)Status;
        BinaryPrimitives.WriteInt32LittleEndian(payload[2..], AfterId);
        return protector.Protect(payload);
    }

    public static TaskListCursor? Decode(string cursor, ICursorProtector protector)
    {
        var payload = protector.Unprotect(cursor);
        return payload is { Length: Length } && payload[0] == Kind && Enum.IsDefined((TaskStatusFilter)payload[1])
            ? new TaskListCursor((TaskStatusFilter)payload[1], BinaryPrimitives.ReadInt32LittleEndian(payload.AsSpan(2)))
            : null;
    }
}
