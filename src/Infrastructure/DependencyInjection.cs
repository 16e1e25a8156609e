using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using TodoChat.Application.Common.Exceptions;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Common.Telemetry;
using TodoChat.Infrastructure.Caching;
using TodoChat.Infrastructure.Health;
using TodoChat.Infrastructure.Persistence;
using TodoChat.Infrastructure.Persistence.Repositories;
using TodoChat.Infrastructure.Seeding;

namespace TodoChat.Infrastructure;

public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton(sp =>
        {
            var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new StartupException(
                    "No database is configured: set ConnectionStrings__TodoChat, or start the service with 'dotnet pwsh ./build.ps1 run', which provisions a local PostgreSQL.");
            }

            var database = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var settings = ConnectionStrings.Build(connectionString, database.Pool, database.Pooler);
            if (settings.MinPoolSize > settings.MaxPoolSize)
            {
                throw new StartupException(
                    $"The pool's minimum size ({settings.MinPoolSize}) exceeds its maximum ({settings.MaxPoolSize}): check Database:Pool and the connection string.");
            }

            return new DatabaseSettings(settings.ConnectionString);
        });
        services.AddSingleton(sp =>
        {
            var builder = new NpgsqlDataSourceBuilder(sp.GetRequiredService<DatabaseSettings>().ConnectionString)
            {
                Name = PoolMetrics.PoolName,
            };
            return builder.TraceRecordedStatementsOnly().Build();
        });
        services.AddSingleton(sp => new DatabaseHosts(sp.GetRequiredService<DatabaseSettings>(), configuration));
        services.AddSingleton(sp => new PoolMetrics(sp.GetRequiredService<NpgsqlDataSource>().Settings().MinPoolSize));
        services.AddSingleton(sp =>
        {
            var database = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var replicas = configuration.GetConnectionString(DatabaseOptions.ReplicasConnectionStringName);
            NpgsqlMultiHostDataSource? dataSource = null;
            if (!string.IsNullOrWhiteSpace(replicas))
            {
                try
                {
                    dataSource = new NpgsqlDataSourceBuilder(ConnectionStrings.BuildReplicas(replicas, database.Pool, database.Replicas, database.Pooler).ConnectionString)
                    {
                        Name = PoolMetrics.PoolName + "-replicas",
                    }.TraceRecordedStatementsOnly().BuildMultiHost();
                }
                catch (Exception ex) when (ex is ArgumentException or NotSupportedException or FormatException)
                {
                    throw new StartupException($"ConnectionStrings:{DatabaseOptions.ReplicasConnectionStringName} is not a valid connection string: {ex.Message}");
                }
            }

            return new Persistence.Replicas.ReplicaReads(dataSource, database.Replicas, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<TodoChatMetrics>());
        });

        services.AddDbContextPool<TodoChatDbContext>((sp, options) =>
        {
            var dataSource = sp.GetRequiredService<NpgsqlDataSource>();
            var pool = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Pool;
            ConfigureDbContext(options, dataSource, dataSource.Settings().CommandTimeout, pool.BrokenConnectionRetries, sp.GetRequiredService<TodoChatMetrics>());
        });

        services.AddScoped<ITaskRepository, TaskRepository>();
        services.AddSingleton<IFailureClassifier, DatabaseFailureClassifier>();
        services.AddScoped<IAccountUsage, AccountUsage>();
        services.AddScoped<IConversationRepository, ConversationRepository>();
        services.AddScoped<ISyncReader, Persistence.Sync.SyncReader>();
        services.AddSingleton<IEtagGenerator, Sha256EtagGenerator>();
        services.AddScoped<ConversationSeeder>();
        services.AddScoped<ITransactionRunner, TransactionRunner>();
        services.AddScoped<IIdempotencyStore, Persistence.Idempotency.IdempotencyStore>();
        services.AddSingleton<Persistence.Idempotency.IdempotencySweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<Persistence.Idempotency.IdempotencySweeper>());
        services.AddOptions<CacheOptions>().Bind(configuration.GetSection(CacheOptions.SectionName));
        services.AddSingleton<HistoryBlockCache>();
        services.AddScoped<IConversationHistory, Persistence.History.ConversationHistoryReader>();

        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>(DatabaseHealthCheck.Name, tags: ["ready"]);
        return services;
    }

    /// <summary>Cursor protection keyed from the service's secret (the JWT secret), shared by every instance.</summary>
    public static IServiceCollection AddCursorProtection(this IServiceCollection services, byte[] secret) =>
        services.AddSingleton<ICursorProtector>(new HmacCursorProtector(secret));

    internal static void ConfigureDbContext(DbContextOptionsBuilder options, string connectionString, int commandTimeoutSeconds, int brokenConnectionRetries) =>
        Configure(options.UseNpgsql(connectionString, npgsql => ConfigureNpgsql(npgsql, commandTimeoutSeconds, brokenConnectionRetries, null)));

    private static void ConfigureDbContext(DbContextOptionsBuilder options, NpgsqlDataSource dataSource, int commandTimeoutSeconds, int brokenConnectionRetries, TodoChatMetrics metrics) =>
        Configure(options.UseNpgsql(dataSource, npgsql => ConfigureNpgsql(npgsql, commandTimeoutSeconds, brokenConnectionRetries, metrics)));

    private static void ConfigureNpgsql(Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.NpgsqlDbContextOptionsBuilder npgsql, int commandTimeoutSeconds, int brokenConnectionRetries, TodoChatMetrics? metrics)
    {
        npgsql.CommandTimeout(commandTimeoutSeconds);
        npgsql.ExecutionStrategy(dependencies => new BrokenConnectionRetryStrategy(dependencies, brokenConnectionRetries, metrics));
        npgsql.MigrationsAssembly(typeof(TodoChatDbContext).Assembly.GetName().Name);
    }

    /// <summary>
    /// EF Core's own error events (a failed command, query or save) are debug noise here: the failure
    /// is logged once, by whoever handles it (the exception handler: a 500 at Error with its stack
    /// trace, a 503 or a refused input as a warning without), so client input cannot flood the error log.
    /// </summary>
    private static void Configure(DbContextOptionsBuilder options) =>
        options.UseSnakeCaseNamingConvention()
            .ConfigureWarnings(warnings => warnings.Log(
                (RelationalEventId.CommandError, LogLevel.Debug),
                (CoreEventId.QueryIterationFailed, LogLevel.Debug),
                (CoreEventId.SaveChangesFailed, LogLevel.Debug)));
}
