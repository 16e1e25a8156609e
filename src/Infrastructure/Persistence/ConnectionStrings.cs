using System.Data.Common;
using Npgsql;

namespace TodoChat.Infrastructure.Persistence;

public static class ConnectionStrings
{
    /// <summary>
    /// The pool options as the base, and every key written in <paramref name="connectionString"/> on top,
    /// so an explicit connection string always wins.
    /// </summary>
    public static NpgsqlConnectionStringBuilder Build(string connectionString, PoolOptions pool, string pooler = "none")
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Pooling = true,
            MinPoolSize = pool.MinSize,
            MaxPoolSize = pool.MaxSize,
            ConnectionLifetime = pool.ConnectionLifetimeSeconds,
            Timeout = pool.ConnectTimeoutSeconds,
            CommandTimeout = pool.CommandTimeoutSeconds,
            MaxAutoPrepare = pool.MaxAutoPrepare,
            ApplicationName = "todochat",

            // The service sets no session state (no SET, no temp tables, no LISTEN on pooled
            // connections), so a connection returned to the pool needs no DISCARD ALL (or, with
            // prepared statements, its seven-statement equivalent) before its next use. Npgsql still
            // rolls back a transaction left open. Write 'No Reset On Close=false' to restore the reset.
            NoResetOnClose = true,
        };

        if (pooler == DatabaseOptions.PgBouncerTransaction)
        {
            // Transaction mode hands each transaction whichever server connection is free: a statement
            // prepared on one is unknown on the next (PgBouncer 1.18 does not track them).
            builder.MaxAutoPrepare = 0;
        }

        var written = new DbConnectionStringBuilder { ConnectionString = connectionString };
        foreach (string key in written.Keys)
        {
            builder[key] = written[key];
        }

        if (pooler == DatabaseOptions.PgBouncerTransaction && builder.MaxAutoPrepare > 0)
        {
            throw new Application.Common.Exceptions.StartupException(
                "Database:Pooler is pgbouncer-transaction, where prepared statements do not work: remove 'Max Auto Prepare' from the connection string.");
        }

        return builder;
    }

    /// <summary>
    /// The standbys' connection string: the pool's settings, a short connect timeout (a standby that is
    /// down must cost little), and, over several hosts, standbys preferred (the list may name the primary too).
    /// </summary>
    public static NpgsqlConnectionStringBuilder BuildReplicas(string connectionString, PoolOptions pool, ReplicaOptions replicas, string pooler)
    {
        var written = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = Build(connectionString, pool, pooler);
        if (!written.ContainsKey("Timeout"))
        {
            builder.Timeout = replicas.ConnectTimeoutSeconds;
        }

        if (!written.ContainsKey("Target Session Attributes") && builder.Host?.Contains(',', StringComparison.Ordinal) == true)
        {
            builder.TargetSessionAttributes = "prefer-standby";
        }

        builder.ApplicationName = written.ContainsKey("Application Name") ? builder.ApplicationName : "todochat-replica-reads";
        return builder;
    }
}
