using System.ComponentModel.DataAnnotations;

namespace TodoChat.Infrastructure.Persistence;

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    public const string ConnectionStringName = "TodoChat";

    /// <summary>Apply pending EF Core migrations when the service starts.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    [Required]
    public PoolOptions Pool { get; set; } = new();
}

/// <summary>
/// The connection pool, <c>Database:Pool</c>. Defaults map the original SQLAlchemy engine:
/// pool_size 10 + max_overflow 20, pool_recycle 3600, connect 10 s, command 30 s, 100 cached statements.
/// A key set in the connection string itself wins over these.
/// </summary>
public sealed class PoolOptions
{
    /// <summary>Connections kept open when idle (Npgsql <c>Minimum Pool Size</c>; SQLAlchemy pool_size).</summary>
    [Range(0, 1000)]
    public int MinSize { get; set; } = 10;

    /// <summary>Most connections open at once (Npgsql <c>Maximum Pool Size</c>; pool_size + max_overflow).</summary>
    [Range(1, 1000)]
    public int MaxSize { get; set; } = 30;

    /// <summary>A connection older than this is closed instead of reused (<c>Connection Lifetime</c>; pool_recycle).</summary>
    [Range(0, 86_400)]
    public int ConnectionLifetimeSeconds { get; set; } = 3600;

    /// <summary>How long to wait for a new or pooled connection (<c>Timeout</c>; connect_timeout).</summary>
    [Range(1, 1024)]
    public int ConnectTimeoutSeconds { get; set; } = 10;

    /// <summary>How long one command may run (<c>Command Timeout</c>; command_timeout).</summary>
    [Range(1, 3600)]
    public int CommandTimeoutSeconds { get; set; } = 30;

    /// <summary>Statements each connection keeps prepared (<c>Max Auto Prepare</c>; statement_cache_size).</summary>
    [Range(0, 10_000)]
    public int MaxAutoPrepare { get; set; } = 100;

    /// <summary>
    /// Retries of an operation whose pooled connection turned out dead (what pool_pre_ping guarded
    /// against); the pool is cleared at the first such failure, so the retry gets a new connection.
    /// </summary>
    [Range(0, 10)]
    public int BrokenConnectionRetries { get; set; } = 2;
}
