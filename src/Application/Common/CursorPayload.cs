using System.Buffers.Binary;
using TodoChat.Application.Common.Interfaces;

namespace TodoChat.Application.Common;

/// <summary>
/// Writes the payload inside a paging cursor or sync token: a kind byte that tells one kind from
/// another, then fixed-width fields, little-endian, in the order <see cref="CursorReader"/> reads
/// them back. The protector makes it opaque and tamper-evident. Each write answers a writer at the
/// next field: <c>new CursorWriter(stackalloc byte[Length], Kind).WriteInt64(a).WriteGuid(b).Protect(protector)</c>.
/// </summary>
public readonly ref struct CursorWriter
{
    private readonly Span<byte> _payload;
    private readonly int _position;

    /// <param name="payload">Exactly as long as the kind byte and the fields.</param>
    /// <param name="kind">The kind of cursor, different for each.</param>
    public CursorWriter(Span<byte> payload, byte kind)
        : this(payload, 1)
    {
        payload[0] = kind;
    }

    private CursorWriter(Span<byte> payload, int position)
    {
        _payload = payload;
        _position = position;
    }

    public CursorWriter WriteByte(byte value)
    {
        _payload[_position] = value;
        return Next(sizeof(byte));
    }

    public CursorWriter WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_payload[_position..], value);
        return Next(sizeof(int));
    }

    public CursorWriter WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_payload[_position..], value);
        return Next(sizeof(long));
    }

    /// <summary>An instant as its UTC ticks.</summary>
    public CursorWriter WriteInstant(DateTimeOffset value) => WriteInt64(value.UtcTicks);

    public CursorWriter WriteGuid(Guid value)
    {
        value.TryWriteBytes(_payload[_position..]);
        return Next(16);
    }

    /// <summary>The cursor a client is given.</summary>
    public string Protect(ICursorProtector protector) => protector.Protect(_payload);

    private CursorWriter Next(int written) => new(_payload, _position + written);
}

/// <summary>Reads the fields of a payload that <see cref="CursorWriter"/> wrote, in the order it wrote them.</summary>
public ref struct CursorReader
{
    private readonly ReadOnlySpan<byte> _payload;
    private int _position;

    private CursorReader(ReadOnlySpan<byte> payload)
    {
        _payload = payload;
        _position = 1;
    }

    /// <summary>Makes a cursor from the fields of its payload.</summary>
    public delegate T? Fields<T>(CursorReader payload);

    /// <summary>
    /// The cursor, or null when this service did not issue it (forged, edited, malformed), it is of
    /// another kind or length, or <paramref name="read"/> finds its fields out of range.
    /// </summary>
    public static T? Open<T>(string cursor, ICursorProtector protector, byte kind, int length, Fields<T> read)
        where T : class
    {
        var payload = protector.Unprotect(cursor);
        if (payload is null || payload.Length != length || payload[0] != kind)
        {
            return null;
        }

        try
        {
            return read(new CursorReader(payload));
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    public byte ReadByte() => _payload[_position++];

    public int ReadInt32()
    {
        var value = BinaryPrimitives.ReadInt32LittleEndian(_payload[_position..]);
        _position += sizeof(int);
        return value;
    }

    public long ReadInt64()
    {
        var value = BinaryPrimitives.ReadInt64LittleEndian(_payload[_position..]);
        _position += sizeof(long);
        return value;
    }

    /// <summary>An instant from its UTC ticks; ticks out of range throw, and the cursor does not open.</summary>
    public DateTimeOffset ReadInstant() => new(ReadInt64(), TimeSpan.Zero);

    public Guid ReadGuid()
    {
        var value = new Guid(_payload.Slice(_position, 16));
        _position += 16;
        return value;
    }
}
