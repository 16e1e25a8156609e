using System.Data.Common;
using Npgsql;

namespace TodoChat.Infrastructure.Persistence;

public static class ConnectionStrings
{
    /// <summary>
    /// The pool options as the base, and every key written in <paramref name="connectionString"/> on top,
    /// so an explicit connection string always wins.
    /// </summary>
    public static NpgsqlConnectionStringBuilder Build(string connectionString, PoolOptions pool)
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

        var written = new DbConnectionStringBuilder { ConnectionString = connectionString };
        foreach (string key in written.Keys)
        {
            builder[key] = written[key];
        }

        return builder;
    }
}
