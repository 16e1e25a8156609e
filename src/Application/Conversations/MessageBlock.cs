using System.Buffers;
using System.Text.Json;
using TodoChat.Domain.Conversations;

namespace TodoChat.Application.Conversations;

/// <summary>
/// Consecutive messages of one conversation, oldest first, held as their UTF-8 JSON objects one after
/// another (separated by commas) with where each starts, its seq and its time. Immutable once built,
/// so one block can serve any number of pages at once.
/// </summary>
public sealed class MessageBlock
{
    private readonly byte[] _json;
    private readonly int[] _starts;
    private readonly int[] _seqs;
    private readonly long[] _createdAtTicks;

    private MessageBlock(byte[] json, int[] starts, int[] seqs, long[] createdAtTicks)
    {
        _json = json;
        _starts = starts;
        _seqs = seqs;
        _createdAtTicks = createdAtTicks;
    }

    public static MessageBlock Empty { get; } = new([], [0], [], []);

    public int Count => _seqs.Length;

    /// <summary>The bytes this block holds, for a cache's budget.</summary>
    public long SizeInBytes => 64 + _json.Length + (_starts.Length * sizeof(int)) + (_seqs.Length * (sizeof(int) + sizeof(long)));

    public int SeqAt(int index) => _seqs[index];

    public DateTimeOffset CreatedAtAt(int index) => new(_createdAtTicks[index], TimeSpan.Zero);

    /// <summary>The JSON object of message <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> JsonAt(int index) => _json.AsSpan(_starts[index], _starts[index + 1] - _starts[index] - 1);

    /// <summary>Messages <paramref name="from"/> to <paramref name="to"/> (exclusive) as one comma-separated run.</summary>
    public ReadOnlySpan<byte> JsonOf(int from, int to) => _json.AsSpan(_starts[from], _starts[to] - _starts[from] - 1);

    /// <summary>The index of the first message whose seq is at least <paramref name="seq"/> (Count when none is).</summary>
    public int IndexOfSeqAtLeast(int seq)
    {
        var index = Array.BinarySearch(_seqs, seq);
        return index >= 0 ? index : ~index;
    }

    /// <summary>Messages <paramref name="from"/> to <paramref name="to"/> (exclusive) as a block of their own, with their own bytes.</summary>
    public MessageBlock Slice(int from, int to)
    {
        if (from >= to)
        {
            return Empty;
        }

        var begin = _starts[from];
        var starts = new int[to - from + 1];
        for (var i = from; i <= to; i++)
        {
            starts[i - from] = _starts[i] - begin;
        }

        return new MessageBlock(_json[begin.._starts[to]], starts, _seqs[from..to], _createdAtTicks[from..to]);
    }

    /// <summary>Collects messages in seq order and freezes them into a block.</summary>
    public sealed class Builder : IDisposable
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
        private readonly Utf8JsonWriter _writer;
        private readonly List<int> _starts = [];
        private readonly List<int> _seqs = [];
        private readonly List<long> _createdAtTicks = [];

        public Builder() => _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });

        public int Count => _seqs.Count;

        public void Add(Guid id, int seq, MessageRole role, string content, DateTimeOffset createdAt)
        {
            _writer.Flush();
            _starts.Add(_buffer.WrittenCount);
            MessageJson.Write(_writer, id, seq, role, content, createdAt);
            _writer.Flush();
            _buffer.Write(","u8);
            _writer.Reset(_buffer);
            _seqs.Add(seq);
            _createdAtTicks.Add(createdAt.UtcTicks);
        }

        /// <summary>A block of every message added.</summary>
        public MessageBlock Build()
        {
            if (_seqs.Count == 0)
            {
                return Empty;
            }

            _writer.Flush();
            return new MessageBlock(_buffer.WrittenSpan.ToArray(), [.. _starts, _buffer.WrittenCount], [.. _seqs], [.. _createdAtTicks]);
        }

        public void Dispose() => _writer.Dispose();
    }
}
