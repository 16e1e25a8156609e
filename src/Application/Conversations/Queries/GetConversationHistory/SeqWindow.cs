namespace TodoChat.Application.Conversations.Queries.GetConversationHistory;

/// <summary>
/// A page without time filters as a window on the gapless seq, before the message count is known: its
/// bounds are positions, or (newest first, by offset) distances from the message count. All arithmetic
/// is in <see cref="long"/>, so no offset, limit or cursor can overflow it; a store can evaluate the
/// same bounds in SQL, next to the count, in one statement.
/// </summary>
/// <param name="FromCount">The bounds are added to the message count (newest first, by offset).</param>
/// <param name="Low">The lowest position, before clamping to 1.</param>
/// <param name="High">The highest position, before clamping to the count.</param>
/// <param name="Descending">Newest first.</param>
public readonly record struct SeqWindow(bool FromCount, long Low, long High, bool Descending)
{
    /// <summary>Oldest first from position <paramref name="first"/>.</summary>
    public static SeqWindow Ascending(long first, int limit) => new(false, first, first + limit - 1, false);

    /// <summary>Newest first, skipping the <paramref name="skip"/> newest.</summary>
    public static SeqWindow NewestFirstSkipping(long skip, int limit) => new(true, -skip - limit + 1, -skip, true);

    /// <summary>Newest first from position <paramref name="newest"/> down.</summary>
    public static SeqWindow DescendingFrom(long newest, int limit) => new(false, newest - limit + 1, newest, true);

    /// <summary>
    /// The positions within 1..<paramref name="messageCount"/> the page covers, and whether positions
    /// beyond it (in the page's direction) remain; null when it covers none.
    /// </summary>
    public SeqRange? Resolve(int messageCount)
    {
        long origin = FromCount ? messageCount : 0;
        var first = Math.Max(1, origin + Low);
        var last = Math.Min(messageCount, origin + High);
        if (first > last)
        {
            return null;
        }

        return new SeqRange((int)first, (int)last, Descending ? first > 1 : last < messageCount);
    }
}

/// <summary>Positions <see cref="First"/>..<see cref="Last"/> (both included) of a conversation, and whether more follow in the page's direction.</summary>
public readonly record struct SeqRange(int First, int Last, bool HasMore);
