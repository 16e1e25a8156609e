using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using TodoChat.Infrastructure.Caching;
using TodoChat.Infrastructure.Health;
using TodoChat.Infrastructure.Persistence;
using TodoChat.Infrastructure.Persistence.Replicas;

namespace TodoChat.WebApi.Controllers;

/// <summary>The service's health with the connection pool's live figures.</summary>
[ApiController]
[Tags("Operations")]
public sealed class HealthController(
    HealthCheckService health,
    PoolMetrics pool,
    NpgsqlDataSource dataSource,
    HistoryBlockCache history,
    DatabaseHosts hosts,
    ReplicaReads replicas) : ControllerBase
{
    /// <summary>Health of the service and its database, with the pool's figures; 503 when unhealthy.</summary>
    [HttpGet("/health", Name = "GetHealth")]
    [ProducesResponseType<HealthResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<HealthResponse>(StatusCodes.Status503ServiceUnavailable, "application/json")]
    public async Task<ActionResult<HealthResponse>> Get(CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(c => c.Name == DatabaseHealthCheck.Name, cancellationToken);
        var healthy = report.Status == HealthStatus.Healthy;
        var snapshot = pool.Snapshot(dataSource.Settings().MaxPoolSize);
        var body = new HealthResponse(
            healthy ? "healthy" : "unhealthy",
            new DatabaseHealth(
                healthy ? "healthy" : "unhealthy",
                new PoolFigures(snapshot.MaxSize, snapshot.MinSize, snapshot.Total, snapshot.Idle, snapshot.Busy),
                await hosts.CheckAsync(cancellationToken),
                replicas.Statistics()),
            new CacheHealth(history.Statistics()));
        Response.Headers.CacheControl = "no-store";
        return StatusCode(healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, body);
    }
}

public sealed record HealthResponse(string Status, DatabaseHealth Database, CacheHealth Cache);

/// <summary>The instance's in-memory caches and how well they serve (since it started).</summary>
/// <param name="History">Blocks of conversation history, kept under the state they belong to.</param>
public sealed record CacheHealth(HistoryCacheStatistics History);

/// <param name="Status">Whether the primary answers through the service's pool.</param>
/// <param name="Pool">The primary pool's live figures.</param>
/// <param name="Hosts">Each configured host, asked directly for its role and state.</param>
/// <param name="ReplicaReads">History range reads meant for a standby since the instance started, and whether reads go to the primary only for now.</param>
public sealed record DatabaseHealth(string Status, PoolFigures Pool, IReadOnlyList<DatabaseHostState> Hosts, ReplicaReadStatistics ReplicaReads);

public sealed record PoolFigures(int MaxSize, int MinSize, int Total, int Idle, int Busy);
