namespace TodoChat.Application.Common.Interfaces;

/// <summary>
/// Results of reads, kept in memory under keys that name the state they were read from (an ETag), so
/// a change makes old entries unreachable instead of stale.
/// </summary>
public interface IQueryCache
{
    /// <summary>False when the cache is configured off: nothing is kept, so callers read only what they need.</summary>
    bool Enabled { get; }

    T? Get<T>(string key)
        where T : class;

    /// <summary>Keeps the value; <paramref name="sizeBytes"/> is its rough size, against the cache's limit.</summary>
    void Set<T>(string key, T value, long sizeBytes)
        where T : class;
}
