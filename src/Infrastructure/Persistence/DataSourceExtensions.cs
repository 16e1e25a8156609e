using Npgsql;

namespace TodoChat.Infrastructure.Persistence;

public static class DataSourceExtensions
{
    /// <summary>The effective settings of the data source: options merged with the connection string.</summary>
    public static NpgsqlConnectionStringBuilder Settings(this NpgsqlDataSource dataSource) => new(dataSource.ConnectionString);
}
