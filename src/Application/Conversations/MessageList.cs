using System.Collections;

namespace TodoChat.Application.Conversations;

/// <summary>
/// The messages of one history page, in page order, as runs of <see cref="MessageBlock"/>s: a page is
/// written to the response by copying the blocks' JSON, never re-serialized. Enumerating it reads the
/// messages back as <see cref="MessageDto"/>s, for callers that want objects.
/// </summary>
public sealed class MessageList : IReadOnlyList<MessageDto>
{
    private readonly List<(MessageBlock Block, int From, int To)> _runs;
    private readonly bool _descending;

    /// <param name="runs">Runs of blocks in seq order, each <c>(block, from, to exclusive)</c>; the list is kept, not copied.</param>
    /// <param name="descending">Whether the page lists them newest first.</param>
    public MessageList(List<(MessageBlock Block, int From, int To)> runs, bool descending)
    {
        runs.RemoveAll(static run => run.To <= run.From);
        foreach (var run in runs)
        {
            Count += run.To - run.From;
        }

        _runs = runs;
        _descending = descending;
    }

    public static MessageList Empty { get; } = new([], false);

    public int Count { get; }

    /// <summary>The last message of the page (in page order): where a cursor continues from.</summary>
    public (DateTimeOffset CreatedAt, int Seq)? Last
    {
        get
        {
            if (Count == 0)
            {
                return null;
            }

            var run = _descending ? _runs[0] : _runs[^1];
            var index = _descending ? run.From : run.To - 1;
            return (run.Block.CreatedAtAt(index), run.Block.SeqAt(index));
        }
    }

    public MessageDto this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            var position = _descending ? Count - 1 - index : index;
            foreach (var run in _runs)
            {
                if (position < run.To - run.From)
                {
                    return MessageJson.Read(run.Block.JsonAt(run.From + position));
                }

                position -= run.To - run.From;
            }

            throw new InvalidOperationException("Unreachable: the index was checked against the count.");
        }
    }

    /// <summary>The first <paramref name="count"/> messages in page order.</summary>
    public MessageList Take(int count)
    {
        if (count >= Count)
        {
            return this;
        }

        // Runs are kept in seq order: newest first, the page keeps the runs' tail; oldest first, their head.
        var drop = Count - count;
        var runs = new List<(MessageBlock Block, int From, int To)>(_runs);
        for (var i = _descending ? 0 : runs.Count - 1; drop > 0; i += _descending ? 1 : -1)
        {
            var (block, from, to) = runs[i];
            var cut = Math.Min(drop, to - from);
            runs[i] = _descending ? (block, from + cut, to) : (block, from, to - cut);
            drop -= cut;
        }

        return new MessageList(runs, _descending);
    }

    /// <summary>The length of the page as a JSON array, in UTF-8 bytes.</summary>
    public int JsonLength
    {
        get
        {
            var length = 2 + Math.Max(0, Count - 1);
            foreach (var run in _runs)
            {
                length += run.Block.JsonOf(run.From, run.To).Length - (run.To - run.From - 1);
            }

            return length;
        }
    }

    /// <summary>Writes the page as a JSON array into <paramref name="destination"/> (<see cref="JsonLength"/> bytes); returns the bytes written.</summary>
    public int WriteTo(Span<byte> destination)
    {
        var written = 0;
        destination[written++] = (byte)'[';
        if (!_descending)
        {
            foreach (var run in _runs)
            {
                Append(destination, ref written, run.Block.JsonOf(run.From, run.To));
            }
        }
        else
        {
            for (var r = _runs.Count - 1; r >= 0; r--)
            {
                var run = _runs[r];
                for (var i = run.To - 1; i >= run.From; i--)
                {
                    Append(destination, ref written, run.Block.JsonAt(i));
                }
            }
        }

        destination[written++] = (byte)']';
        return written;
    }

    public IEnumerator<MessageDto> GetEnumerator()
    {
        if (!_descending)
        {
            foreach (var run in _runs)
            {
                for (var i = run.From; i < run.To; i++)
                {
                    yield return MessageJson.Read(run.Block.JsonAt(i));
                }
            }
        }
        else
        {
            for (var r = _runs.Count - 1; r >= 0; r--)
            {
                var run = _runs[r];
                for (var i = run.To - 1; i >= run.From; i--)
                {
                    yield return MessageJson.Read(run.Block.JsonAt(i));
                }
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static void Append(Span<byte> destination, ref int written, ReadOnlySpan<byte> json)
    {
        if (written > 1)
        {
            destination[written++] = (byte)',';
        }

        json.CopyTo(destination[written..]);
        written += json.Length;
    }
}
