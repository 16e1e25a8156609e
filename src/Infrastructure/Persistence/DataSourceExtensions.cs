using Npgsql;
using TodoChat.Application.Common.Telemetry;

namespace TodoChat.Infrastructure.Persistence;

public static class DataSourceExtensions
{
    /// <summary>The effective settings of the data source: options merged with the connection string.</summary>
    public static NpgsqlConnectionStringBuilder Settings(this NpgsqlDataSource dataSource) => new(dataSource.ConnectionString);

    /// <summary>
    /// Statement spans only where a trace may record them (<see cref="TodoChatMetrics.ChildSpanMayBeRecorded"/>):
    /// under an unrecorded request span Npgsql does not ask the sampler about every statement only to be
    /// turned down. A statement with no span around it (a background job) is still offered to the sampler.
    /// </summary>
    public static NpgsqlDataSourceBuilder TraceRecordedStatementsOnly(this NpgsqlDataSourceBuilder builder) =>
        builder.ConfigureTracing(tracing => tracing
            .ConfigureCommandFilter(static _ => TodoChatMetrics.ChildSpanMayBeRecorded)
            .ConfigureBatchFilter(static _ => TodoChatMetrics.ChildSpanMayBeRecorded));
}
