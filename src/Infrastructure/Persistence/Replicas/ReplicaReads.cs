using Npgsql;
using TodoChat.Application.Common.Telemetry;

namespace TodoChat.Infrastructure.Persistence.Replicas;

/// <summary>
/// The standbys history pages are read from (<c>ConnectionStrings:TodoChatReplicas</c>), and whether
/// they answer. A read a standby cannot serve completely goes to the primary (<see cref="Lagging"/>);
/// a standby that fails to connect or answer is left alone for <see cref="ReplicaOptions.RetryAfterSeconds"/>,
/// reads going to the primary meanwhile, so a standby that is down costs its connect timeout once.
/// </summary>
public sealed class ReplicaReads(NpgsqlDataSource? dataSource, ReplicaOptions options, TimeProvider clock, TodoChatMetrics metrics) : IAsyncDisposable
{
    private long _served;
    private long _lagging;
    private long _failed;
    private long _downUntilTicks;

    /// <summary>The standbys' data source; null when none is configured.</summary>
    public NpgsqlDataSource? DataSource => dataSource;

    /// <summary>Whether a read should try a standby now.</summary>
    public bool Available => dataSource is not null && clock.GetUtcNow().UtcTicks >= Interlocked.Read(ref _downUntilTicks);

    /// <summary>A standby returned the whole range, as current as the primary's state.</summary>
    public void Served()
    {
        Interlocked.Increment(ref _served);
        metrics.ReplicaRead(TodoChatMetrics.ReplicaOutcome.Served);
    }

    /// <summary>A standby had not replayed the range yet: the primary answered.</summary>
    public void Lagging()
    {
        Interlocked.Increment(ref _lagging);
        metrics.ReplicaRead(TodoChatMetrics.ReplicaOutcome.Lagging);
    }

    /// <summary>A standby did not answer: the primary answered, and serves alone for a while.</summary>
    public void Failed()
    {
        Interlocked.Increment(ref _failed);
        Interlocked.Exchange(ref _downUntilTicks, (clock.GetUtcNow() + TimeSpan.FromSeconds(options.RetryAfterSeconds)).UtcTicks);
        metrics.ReplicaRead(TodoChatMetrics.ReplicaOutcome.Unavailable);
    }

    public ReplicaReadStatistics Statistics()
    {
        var downUntil = Interlocked.Read(ref _downUntilTicks);
        return new ReplicaReadStatistics(
            dataSource is not null,
            Interlocked.Read(ref _served),
            Interlocked.Read(ref _lagging),
            Interlocked.Read(ref _failed),
            dataSource is not null && clock.GetUtcNow().UtcTicks < downUntil ? new DateTimeOffset(downUntil, TimeSpan.Zero) : null);
    }

    public async ValueTask DisposeAsync()
    {
        if (dataSource is not null)
        {
            await dataSource.DisposeAsync();
        }
    }
}

/// <summary>History range reads since the instance started: served by a standby, sent to the primary because the standby lagged, or because it failed.</summary>
public sealed record ReplicaReadStatistics(bool Configured, long Served, long Lagging, long Failed, DateTimeOffset? PrimaryOnlyUntil);
