using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using TodoChat.Application.Common.Interfaces;

namespace TodoChat.Infrastructure.Caching;

/// <summary>The <c>Cache</c> configuration section.</summary>
public sealed class CacheOptions
{
    public const string SectionName = "Cache";

    /// <summary>Memory for cached history pages, per instance; 0 turns the cache off.</summary>
    public int HistoryPagesMegabytes { get; set; } = 64;

    /// <summary>
    /// How many conversation rows (the state behind an ETag) to keep per instance, so a revalidation
    /// needs no database round trip; 0 turns this off. Served only while change notifications arrive.
    /// </summary>
    public int ConversationStates { get; set; } = 100_000;

    /// <summary>An entry not read for this long is dropped.</summary>
    public int SlidingExpirationSeconds { get; set; } = 300;
}

/// <summary>
/// An in-process cache with its own size limit. Entries are never stale (their keys carry the
/// state they were read from); they only age out or make room.
/// </summary>
internal sealed class MemoryQueryCache : IQueryCache, IDisposable
{
    private readonly MemoryCache? _cache;
    private readonly TimeSpan _sliding;

    public MemoryQueryCache(IOptions<CacheOptions> options)
    {
        var settings = options.Value;
        _sliding = TimeSpan.FromSeconds(Math.Max(1, settings.SlidingExpirationSeconds));
        if (settings.HistoryPagesMegabytes > 0)
        {
            _cache = new MemoryCache(new MemoryCacheOptions
            {
                SizeLimit = settings.HistoryPagesMegabytes * 1024L * 1024L,
                CompactionPercentage = 0.25,
            });
        }
    }

    public bool Enabled => _cache is not null;

    public T? Get<T>(string key)
        where T : class =>
        _cache is not null && _cache.TryGetValue(key, out var value) ? value as T : null;

    public void Set<T>(string key, T value, long sizeBytes)
        where T : class =>
        _cache?.Set(key, value, new MemoryCacheEntryOptions { Size = Math.Max(1, sizeBytes), SlidingExpiration = _sliding });

    public void Dispose() => _cache?.Dispose();
}
