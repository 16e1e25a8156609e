using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Npgsql;
using TodoChat.Infrastructure.Persistence;

namespace TodoChat.Infrastructure.Health;

/// <summary>
/// Each database host the service is configured with (the primary's list and the standbys'), asked
/// directly what it is: its role (primary or standby), whether it answers, and how far behind its
/// replay is. For <c>/health</c>; one small pool per host, a short timeout, checked in parallel.
/// </summary>
public sealed class DatabaseHosts : IAsyncDisposable
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(3);

    private readonly IReadOnlyList<(string Host, int Port, string ConfiguredAs)> _hosts;
    private readonly ConcurrentDictionary<(string, int), NpgsqlDataSource> _sources = new();
    private readonly NpgsqlConnectionStringBuilder _primary;
    private readonly NpgsqlConnectionStringBuilder? _replicas;

    internal DatabaseHosts(DatabaseSettings settings, IConfiguration configuration)
    {
        _primary = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
        var replicas = configuration.GetConnectionString(DatabaseOptions.ReplicasConnectionStringName);
        _replicas = string.IsNullOrWhiteSpace(replicas) ? null : new NpgsqlConnectionStringBuilder(replicas);
        _hosts = [.. Hosts(_primary, "primary"), .. _replicas is null ? [] : Hosts(_replicas, "replica")];
    }

    public async Task<IReadOnlyList<DatabaseHostState>> CheckAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(_hosts.Select(h => CheckAsync(h.Host, h.Port, h.ConfiguredAs, cancellationToken)));

    public async ValueTask DisposeAsync()
    {
        foreach (var source in _sources.Values)
        {
            await source.DisposeAsync();
        }
    }

    private static IEnumerable<(string, int, string)> Hosts(NpgsqlConnectionStringBuilder builder, string configuredAs) =>
        (builder.Host ?? "localhost").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(entry =>
        {
            var colon = entry.LastIndexOf(':');
            return colon > 0 && int.TryParse(entry[(colon + 1)..], out var port) ? (entry[..colon], port, configuredAs) : (entry, builder.Port, configuredAs);
        });

    private async Task<DatabaseHostState> CheckAsync(string host, int port, string configuredAs, CancellationToken cancellationToken)
    {
        var source = _sources.GetOrAdd((host, port), _ =>
        {
            var template = configuredAs == "primary" ? _primary : _replicas!;
            return NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(template.ConnectionString)
            {
                Host = host,
                Port = port,
                TargetSessionAttributes = null,
                MinPoolSize = 0,
                MaxPoolSize = 2,
                Timeout = (int)Budget.TotalSeconds,
                ApplicationName = "todochat-health",
            }.ConnectionString);
        });

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Budget);
        try
        {
            await using var command = source.CreateCommand(
                "SELECT pg_is_in_recovery(), EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float8");
            await using var reader = await command.ExecuteReaderAsync(timeout.Token);
            await reader.ReadAsync(timeout.Token);
            var standby = reader.GetBoolean(0);
            double? lag = standby && !reader.IsDBNull(1) ? Math.Round(reader.GetDouble(1), 3) : null;
            return new DatabaseHostState($"{host}:{port}", configuredAs, standby ? "standby" : "primary", "up", lag);
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return new DatabaseHostState($"{host}:{port}", configuredAs, null, "down", null);
        }
    }
}

/// <summary>
/// One database host: <c>configured_as</c> (in the primary's list or the standbys'), the <c>role</c> it
/// reports (primary or standby; null when down), <c>state</c> (up or down), and for a standby the
/// seconds since the last transaction it replayed (grows while the primary is idle).
/// </summary>
public sealed record DatabaseHostState(string Host, string ConfiguredAs, string? Role, string State, double? ReplayLagSeconds);
