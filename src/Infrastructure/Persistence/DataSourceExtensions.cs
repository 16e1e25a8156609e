using System.Diagnostics;
using Npgsql;

namespace TodoChat.Infrastructure.Persistence;

public static class DataSourceExtensions
{
    /// <summary>The effective settings of the data source: options merged with the connection string.</summary>
    public static NpgsqlConnectionStringBuilder Settings(this NpgsqlDataSource dataSource) => new(dataSource.ConnectionString);

    /// <summary>
    /// Statement spans only where a trace records them: a statement run under a span that is not
    /// recorded (nine requests in ten at the default sampling) does not start one, so Npgsql does not
    /// ask the sampler about every statement only to be turned down. A trace shows the same: a
    /// parent-based sampler drops those spans anyway. A statement with no span around it (a background
    /// job) is still offered to the sampler.
    /// </summary>
    public static NpgsqlDataSourceBuilder TraceRecordedStatementsOnly(this NpgsqlDataSourceBuilder builder) =>
        builder.ConfigureTracing(tracing => tracing
            .ConfigureCommandFilter(static _ => IsRecorded(Activity.Current))
            .ConfigureBatchFilter(static _ => IsRecorded(Activity.Current)));

    private static bool IsRecorded(Activity? parent) => parent is null || parent.IsAllDataRequested;
}
