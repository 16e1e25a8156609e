using System.Net.Sockets;
using Npgsql;

namespace TodoChat.Infrastructure.Persistence;

/// <summary>Tells database outages apart from bugs, looking through the wrappers EF Core adds.</summary>
public static class DatabaseFailure
{
    /// <summary>
    /// The connection died under us (the server restarted, a proxy dropped it) or could not be made:
    /// a new connection may well succeed, so the operation is worth one more try.
    /// </summary>
    public static bool IsBrokenConnection(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres:
                    // admin_shutdown, crash_shutdown, cannot_connect_now, and class 08: connection exceptions.
                    return postgres.SqlState is "57P01" or "57P02" or "57P03" || postgres.SqlState.StartsWith("08", StringComparison.Ordinal);
                case NpgsqlException npgsql:
                    return npgsql.InnerException is IOException or SocketException or EndOfStreamException;
                case NullReferenceException when ThrownByNpgsql(e):
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Npgsql's reader can throw a NullReferenceException of its own when the connection dies under a
    /// command (seen once in CI: OutageTests killed pooled connections and the next read failed in
    /// NpgsqlDataReader.NextResult). It is the same broken connection, not a bug of ours: retry it, and
    /// answer 503 if it persists.
    /// </summary>
    private static bool ThrownByNpgsql(Exception exception) =>
        exception.TargetSite?.DeclaringType?.Namespace?.StartsWith("Npgsql", StringComparison.Ordinal) == true;

    /// <summary>
    /// PostgreSQL rolled the transaction back to break a deadlock (40P01) or a serialization conflict
    /// (40001), or any other class 40 rollback: the same work on a fresh transaction may well succeed.
    /// </summary>
    public static bool IsTransactionRollback(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException postgres)
            {
                return postgres.SqlState.StartsWith("40", StringComparison.Ordinal);
            }
        }

        return false;
    }

    /// <summary>
    /// The database cannot serve the request now (down, unreachable, pool exhausted, too slow):
    /// the client should come back later, so this is a 503, not a 500.
    /// </summary>
    public static bool IsUnavailable(Exception exception)
    {
        // A connection that broke is the first kind; the rest are the database saying "not now".
        if (IsBrokenConnection(exception))
        {
            return true;
        }

        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres:
                    return IsTransactionRollback(postgres) // still conflicting after the retries
                        || postgres.SqlState.StartsWith("53", StringComparison.Ordinal) // insufficient resources
                        || postgres.SqlState is "57014"; // query_canceled (statement timeout)
                case NpgsqlException:
                    // Not a server error: a socket, a timeout, an exhausted pool.
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The database could not take a text: PostgreSQL refused a character (22021, NUL in text;
    /// 22P05, <c>\u0000</c> in jsonb), or Npgsql's strict UTF-8 encoder met an unpaired surrogate.
    /// The text rules stop such input first; this is the net under them, so it is a 400, never a 500.
    /// </summary>
    public static bool IsUnstorableText(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter }
                or System.Text.EncoderFallbackException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The root cause under EF Core's and Npgsql's wrappers.</summary>
    public static Exception Innermost(Exception exception)
    {
        var e = exception;
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
