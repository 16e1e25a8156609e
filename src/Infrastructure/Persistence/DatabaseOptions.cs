using System.ComponentModel.DataAnnotations;

namespace TodoChat.Infrastructure.Persistence;

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    public const string ConnectionStringName = "TodoChat";

    /// <summary>The standbys history pages may be read from (one or more hosts); absent, every read goes to the primary.</summary>
    public const string ReplicasConnectionStringName = "TodoChatReplicas";

    /// <summary><see cref="Pooler"/>'s value behind PgBouncer in transaction mode.</summary>
    public const string PgBouncerTransaction = "pgbouncer-transaction";

    /// <summary>Apply pending EF Core migrations when the service starts.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    [Required]
    public PoolOptions Pool { get; set; } = new();

    /// <summary>
    /// What sits between the service and PostgreSQL: <c>none</c> (default), or
    /// <see cref="PgBouncerTransaction"/>, where a server connection changes between transactions, so
    /// statements are not prepared (PgBouncer 1.18 cannot keep them) and no session state is used.
    /// </summary>
    [RegularExpression("^(none|pgbouncer-transaction)$", ErrorMessage = "Database:Pooler must be none or pgbouncer-transaction.")]
    public string Pooler { get; set; } = "none";

    [Required]
    public ReplicaOptions Replicas { get; set; } = new();
}

/// <summary>The standbys of <c>ConnectionStrings:TodoChatReplicas</c>, <c>Database:Replicas</c>.</summary>
public sealed class ReplicaOptions
{
    /// <summary>How long to wait for a standby's connection before reading the primary instead (<c>Timeout</c> of the replicas' connection string, unless it says otherwise).</summary>
    [Range(1, 60)]
    public int ConnectTimeoutSeconds { get; set; } = 2;

    /// <summary>After a standby failed to answer, how long reads go to the primary before a standby is tried again.</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 10;
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
