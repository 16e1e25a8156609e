using System.Globalization;
using TodoChat.Application.Common.Interfaces;

namespace TodoChat.Application.Conversations.Queries.GetConversationHistory;

/// <summary>
/// A conversation's messages in blocks of <see cref="Size"/> consecutive positions (seq), kept in the
/// query cache. Messages are never edited and positions are gapless, so a full block never changes:
/// its key needs no state. The last, partial block is keyed by the message count as well, so an
/// append makes it unreachable. Any page without time filters is a seq range, and so one or two blocks,
/// whatever its depth.
/// </summary>
public sealed class MessageBlocks(IConversationRepository conversations, IQueryCache cache)
{
    public const int Size = 100;

    /// <summary>
    /// Messages first..last (1-based positions, both within 1..<paramref name="messageCount"/>), oldest first.
    /// </summary>
    public async Task<List<MessageDto>> GetRangeAsync(Guid conversationId, int messageCount, int first, int last, CancellationToken cancellationToken)
    {
        if (!cache.Enabled)
        {
            return [.. await conversations.GetMessagesBySeqAsync(conversationId, first, last, cancellationToken)];
        }

        var firstBlock = (first - 1) / Size;
        var lastBlock = (last - 1) / Size;
        var blocks = new IReadOnlyList<MessageDto>?[lastBlock - firstBlock + 1];
        int? missingFrom = null, missingTo = null;
        for (var b = firstBlock; b <= lastBlock; b++)
        {
            blocks[b - firstBlock] = cache.Get<IReadOnlyList<MessageDto>>(KeyOf(conversationId, b, messageCount));
            if (blocks[b - firstBlock] is null)
            {
                missingFrom ??= b;
                missingTo = b;
            }
        }

        if (missingFrom is { } from && missingTo is { } to)
        {
            // One range read for every missing block (at most the two a page can span).
            var rows = await conversations.GetMessagesBySeqAsync(conversationId, (from * Size) + 1, Math.Min((to + 1) * Size, messageCount), cancellationToken);
            for (var b = from; b <= to; b++)
            {
                var start = (b * Size) + 1;
                var block = rows.Where(m => m.Seq >= start && m.Seq < start + Size).ToList();
                blocks[b - firstBlock] = block;

                // Kept only when whole: a conversation deleted under the read would leave a hole.
                if (block.Count == Math.Min(Size, messageCount - start + 1))
                {
                    cache.Set(KeyOf(conversationId, b, messageCount), (IReadOnlyList<MessageDto>)block, SizeOf(block));
                }
            }
        }

        var result = new List<MessageDto>(last - first + 1);
        foreach (var block in blocks)
        {
            foreach (var message in block!)
            {
                if (message.Seq >= first && message.Seq <= last)
                {
                    result.Add(message);
                }
            }
        }

        return result;
    }

    private static string KeyOf(Guid conversationId, int block, int messageCount) =>
        (block + 1) * Size <= messageCount
            ? string.Create(CultureInfo.InvariantCulture, $"block|{conversationId:N}|{block}")
            : string.Create(CultureInfo.InvariantCulture, $"block|{conversationId:N}|{block}|{messageCount}");

    /// <summary>Rough bytes held: the text (UTF-16) and a fixed share per message.</summary>
    private static long SizeOf(List<MessageDto> block)
    {
        long size = 64;
        foreach (var message in block)
        {
            size += 120 + (message.Content.Length * 2);
        }

        return size;
    }
}
