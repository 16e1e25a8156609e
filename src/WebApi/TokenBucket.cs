using System.Threading.RateLimiting;

namespace TodoChat.WebApi;

/// <summary>
/// One user's token bucket on a <see cref="TimeProvider"/>: <c>limit</c> tokens, one more every
/// <c>refillEvery</c>, never more than <c>limit</c>. A request takes a token or is refused with the
/// wait until the next one as <see cref="MetadataName.RetryAfter"/>; nothing queues. The runtime's
/// own token bucket reads the machine's clock, so its limits could only be tested against real time.
/// </summary>
internal sealed class TokenBucket(int limit, TimeSpan refillEvery, TimeProvider clock) : RateLimiter
{
    private static readonly RateLimitLease Granted = new Lease(true, null);

    private readonly Lock _lock = new();
    private double _tokens = limit;
    private long _refilledAt = clock.GetTimestamp();

    /// <summary>A full bucket is idle (the partitioned limiter may drop it); one that is refilling is not.</summary>
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_lock)
            {
                Refill();
                return _tokens >= limit ? TimeSpan.Zero : null;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_lock)
        {
            Refill();
            return new RateLimiterStatistics { CurrentAvailablePermits = (long)_tokens };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (_lock)
        {
            Refill();
            if (_tokens >= permitCount)
            {
                _tokens -= permitCount;
                return Granted;
            }

            return new Lease(false, refillEvery * (permitCount - _tokens));
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        new(AttemptAcquireCore(permitCount));

    private void Refill()
    {
        var now = clock.GetTimestamp();
        _tokens = Math.Min(limit, _tokens + (clock.GetElapsedTime(_refilledAt, now) / refillEvery));
        _refilledAt = now;
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
