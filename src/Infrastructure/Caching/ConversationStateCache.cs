using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using TodoChat.Application.Conversations;

namespace TodoChat.Infrastructure.Caching;

/// <summary>
/// Conversation rows (the state an ETag is made from) held in process, so a revalidation or a cached
/// page needs no database round trip. It is only switched on while <see cref="ConversationChangeListener"/>
/// listens for the database's change notifications, which every writer raises through a trigger, so
/// another instance's write (or a psql session's) evicts the entry within the notification's delay.
/// This instance's own writes evict their entries right after they commit, before the response leaves.
/// </summary>
/// <remarks>
/// A read that started before a write committed must not put the older row back after the write's
/// eviction. Each id hashes to a stripe whose counter every eviction advances; a read notes the counter
/// before it goes to the database and stores its row only when the counter has not moved since.
/// </remarks>
public sealed class ConversationStateCache : IDisposable
{
    private const int StripeCount = 4096;

    private readonly MemoryCache? _entries;
    private readonly long[] _stripes = new long[StripeCount];
    private readonly TimeSpan _sliding;
    private volatile bool _listening;

    public ConversationStateCache(IOptions<CacheOptions> options)
    {
        var settings = options.Value;
        _sliding = TimeSpan.FromSeconds(Math.Max(1, settings.SlidingExpirationSeconds));
        if (settings.ConversationStates > 0)
        {
            _entries = new MemoryCache(new MemoryCacheOptions { SizeLimit = settings.ConversationStates, CompactionPercentage = 0.25 });
        }
    }

    /// <summary>Whether the cache is configured at all (<c>Cache:ConversationStates</c> above 0).</summary>
    public bool Configured => _entries is not null;

    /// <summary>Whether entries are served: configured, and the change listener is connected.</summary>
    public bool Active => _entries is not null && _listening;

    /// <summary>"on" (serving), "off" (waiting for the change listener) or "disabled" (configured off).</summary>
    public string Status => !Configured ? "disabled" : _listening ? "on" : "off";

    /// <summary>The cached row, when there is one and the cache is active.</summary>
    public bool TryGet(Guid conversationId, out CachedConversation? cached)
    {
        cached = null;
        return Active && _entries!.TryGetValue(conversationId, out cached) && cached is not null;
    }

    /// <summary>The stripe counter to hand back to <see cref="Store"/> after reading the row.</summary>
    public long Stamp(Guid conversationId) => Volatile.Read(ref _stripes[StripeOf(conversationId)]);

    /// <summary>Keeps a row read from the database, unless the cache is off or an eviction overtook the read.</summary>
    public void Store(string userId, ConversationDto conversation, long stamp)
    {
        if (!Active || Stamp(conversation.Id) != stamp)
        {
            return;
        }

        _entries!.Set(conversation.Id, new CachedConversation(userId, conversation), new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = _sliding });

        // An eviction between the check and the write would be undone by the write: look once more.
        if (Stamp(conversation.Id) != stamp || !_listening)
        {
            _entries!.Remove(conversation.Id);
        }
    }

    /// <summary>The conversation changed or went away: drop its row.</summary>
    public void Evict(Guid conversationId)
    {
        Interlocked.Increment(ref _stripes[StripeOf(conversationId)]);
        _entries?.Remove(conversationId);
    }

    /// <summary>Anything may have changed (a truncate, or notifications that may have been missed).</summary>
    public void EvictAll()
    {
        for (var i = 0; i < StripeCount; i++)
        {
            Interlocked.Increment(ref _stripes[i]);
        }

        _entries?.Clear();
    }

    /// <summary>The listener is connected: serve from here on, starting empty.</summary>
    internal void StartServing()
    {
        EvictAll();
        _listening = true;
    }

    /// <summary>The listener lost its connection: changes could go unseen, so nothing is served.</summary>
    internal void StopServing()
    {
        _listening = false;
        EvictAll();
    }

    public void Dispose() => _entries?.Dispose();

    private static int StripeOf(Guid id) => (id.GetHashCode() & int.MaxValue) % StripeCount;
}

/// <summary>A conversation's row and its owner (a conversation never changes owner).</summary>
public sealed record CachedConversation(string UserId, ConversationDto Conversation);
