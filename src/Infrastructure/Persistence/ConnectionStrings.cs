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
        };

        var written = new DbConnectionStringBuilder { ConnectionString = connectionString };
        foreach (string key in written.Keys)
        {
            builder[key] = written[key];
        }

        return builder;
    }
}
