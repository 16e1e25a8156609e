using TodoChat.Application.Common;
using TodoChat.Application.Common.Interfaces;

namespace TodoChat.Application.Tasks.Queries.GetTasks;

/// <summary>Where a walk through the task list stands: the status it lists and the last task returned.</summary>
public sealed record TaskListCursor(TaskStatusFilter Status, int AfterId)
{
    private const byte Kind = 0x31;
    private const int Length = 1 + 1 + 4;

    public string Encode(ICursorProtector protector) =>
        new CursorWriter(stackalloc byte[Length], Kind).WriteByte((byte)Status).WriteInt32(AfterId).Protect(protector);

    public static TaskListCursor? Decode(string cursor, ICursorProtector protector) =>
        CursorReader.Open(cursor, protector, Kind, Length, static payload =>
            (TaskStatusFilter)payload.ReadByte() is var status && Enum.IsDefined(status)
                ? new TaskListCursor(status, payload.ReadInt32())
                : null);
}
