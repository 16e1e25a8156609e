using Microsoft.Extensions.Caching.Memory;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using TodoChat.Application.Common.Telemetry;
using TodoChat.Application.Conversations;

namespace TodoChat.Infrastructure.Caching;

/// <summary>The <c>Cache</c> configuration section.</summary>
public sealed class CacheOptions
{
    public const string SectionName = "Cache";

    /// <summary>Memory for cached history, per instance; 0 turns the cache off.</summary>
    public int HistoryPagesMegabytes { get; set; } = 64;

    /// <summary>A block not read for this long is dropped.</summary>
    public int SlidingExpirationSeconds { get; set; } = 300;
}

/// <summary>
/// The one place the service keeps data in memory: blocks of <see cref="BlockSize"/> consecutive
/// messages of a conversation, in their wire form, under keys that name the conversation's state.
/// </summary>
/// <remarks>
/// Invalidation is by key, never by eviction, so no write has to reach this instance for it to stay
/// true. A block is kept only when whole (every position present), under the conversation's revision,
/// which the database bumps whenever stored messages change or go; the partial last block is keyed by
/// the message count too. Every request reads the state from the primary, so a change anywhere makes
/// the old blocks unreachable at once; they then only age out or make room. Hits, misses and
/// evictions are counted for <c>/health</c> and observed by the <c>TodoChat</c> meter.
/// </remarks>
public sealed class HistoryBlockCache : IDisposable
{
    /// <summary>Messages per block: the default page, so the first page of a conversation is one block.</summary>
    public const int BlockSize = 50;

    private readonly MemoryCache? _cache;
    private readonly TimeSpan _sliding;
    private readonly long _budget;
    private readonly PostEvictionCallbackRegistration _onEvicted;
    private long _evictions;

    public HistoryBlockCache(IOptions<CacheOptions> options, TodoChatMetrics metrics)
    {
        // Observed only when a reader collects (a scrape, an OTLP export): nothing per look-up.
        var name = new KeyValuePair<string, object?>(TodoChatMetrics.CacheNameTag, "history");
        metrics.Meter.CreateObservableCounter(TodoChatMetrics.CacheHits, () => new Measurement<long>(Statistics().Hits, name), "{block}", "Block look-ups answered from memory.");
        metrics.Meter.CreateObservableCounter(TodoChatMetrics.CacheMisses, () => new Measurement<long>(Statistics().Misses, name), "{block}", "Block look-ups that went to the database.");
        metrics.Meter.CreateObservableCounter(TodoChatMetrics.CacheEvictions, () => new Measurement<long>(Statistics().Evictions, name), "{block}", "Blocks dropped to make room or because nobody read them.");
        metrics.Meter.CreateObservableUpDownCounter(TodoChatMetrics.CacheSize, () => new Measurement<long>(Statistics().Bytes, name), "By", "Memory the cached blocks use.");
        metrics.Meter.CreateObservableUpDownCounter(TodoChatMetrics.CacheEntries, () => new Measurement<long>(Statistics().Entries, name), "{block}", "Blocks held.");

        var settings = options.Value;
        _sliding = TimeSpan.FromSeconds(Math.Max(1, settings.SlidingExpirationSeconds));
        _budget = Math.Max(0, settings.HistoryPagesMegabytes) * 1024L * 1024L;
        _onEvicted = new PostEvictionCallbackRegistration { EvictionCallback = OnEvicted, State = this };
        if (_budget > 0)
        {
            _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = _budget, CompactionPercentage = 0.25, TrackStatistics = true });
        }
    }

    public bool Enabled => _cache is not null;

    /// <summary>The block holding position <paramref name="seq"/>.</summary>
    public static int BlockOf(int seq) => (seq - 1) / BlockSize;

    /// <summary>The first position of block <paramref name="block"/>.</summary>
    public static int FirstSeqOf(int block) => (block * BlockSize) + 1;

    /// <summary>The messages a block holds under <paramref name="state"/>: a full block, or the last, partial one.</summary>
    public static int ExpectedCount(ConversationState state, int block) => Math.Clamp(state.MessageCount - (block * BlockSize), 0, BlockSize);

    public bool TryGet(ConversationState state, int block, out MessageBlock? messages)
    {
        messages = null;
        if (_cache is null)
        {
            return false;
        }

        if (_cache.TryGetValue(KeyOf(state, block), out var value) && value is MessageBlock found)
        {
            messages = found;
            return true;
        }

        return false;
    }

    /// <summary>Keeps a block read under <paramref name="state"/>, when it is whole.</summary>
    public void Keep(ConversationState state, int block, MessageBlock messages)
    {
        if (_cache is null || messages.Count != ExpectedCount(state, block) || messages.Count == 0)
        {
            return;
        }

        using var entry = _cache.CreateEntry(KeyOf(state, block));
        entry.Value = messages;
        entry.Size = messages.SizeInBytes;
        entry.SlidingExpiration = _sliding;
        entry.PostEvictionCallbacks.Add(_onEvicted);
    }

    public HistoryCacheStatistics Statistics()
    {
        var current = _cache?.GetCurrentStatistics();
        var hits = current?.TotalHits ?? 0;
        var misses = current?.TotalMisses ?? 0;
        return new HistoryCacheStatistics(
            Enabled,
            _budget,
            current?.CurrentEstimatedSize ?? 0,
            current?.CurrentEntryCount ?? 0,
            hits,
            misses,
            Interlocked.Read(ref _evictions),
            hits + misses == 0 ? 0 : Math.Round((double)hits / (hits + misses), 4));
    }

    public void Dispose() => _cache?.Dispose();

    private static BlockKey KeyOf(ConversationState state, int block) =>
        new(state.Id, state.Revision, block, (block + 1) * BlockSize <= state.MessageCount ? 0 : state.MessageCount);

    private static void OnEvicted(object key, object? value, EvictionReason reason, object? state)
    {
        if (reason is EvictionReason.Capacity or EvictionReason.Expired && state is HistoryBlockCache cache)
        {
            Interlocked.Increment(ref cache._evictions);
        }
    }

    /// <summary>A block's key: the conversation, its revision, the block, and for the partial last block the count.</summary>
    private readonly record struct BlockKey(Guid ConversationId, long Revision, int Block, int PartialCount);
}

/// <summary>What the history cache holds and how well it serves, since the instance started.</summary>
/// <param name="Enabled">False when configured off (<c>Cache:HistoryPagesMegabytes</c> = 0).</param>
/// <param name="BudgetBytes">The memory it may use.</param>
/// <param name="Bytes">The memory its blocks use now.</param>
/// <param name="Entries">Blocks held now.</param>
/// <param name="Hits">Block look-ups answered from memory.</param>
/// <param name="Misses">Block look-ups that went to the database.</param>
/// <param name="Evictions">Blocks dropped to make room or because nobody read them for a while.</param>
/// <param name="HitRate">Hits over look-ups, 0 before the first.</param>
public sealed record HistoryCacheStatistics(
    bool Enabled,
    long BudgetBytes,
    long Bytes,
    long Entries,
    long Hits,
    long Misses,
    long Evictions,
    double HitRate);
