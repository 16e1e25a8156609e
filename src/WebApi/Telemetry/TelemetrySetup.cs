using System.Diagnostics.Metrics;
using System.Net;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TodoChat.Application.Common.Exceptions;
using TodoChat.Application.Common.Telemetry;

namespace TodoChat.WebApi.Telemetry;

/// <summary>The <c>Telemetry</c> configuration section.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>Metrics and traces at all; off, the service registers no OpenTelemetry listener.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Traces: null (the default) means on when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> names a collector to
    /// send them to; true or false forces them.
    /// </summary>
    public bool? Tracing { get; set; }

    /// <summary>
    /// The share of new traces recorded, from 0 to 1 (0.1: one request in ten). Parent-based: a request
    /// whose caller sends a <c>traceparent</c> follows the caller's decision. Recording every request's
    /// spans costs about 8 % of a history read's throughput (docs/performance.md); a sample keeps the
    /// shape of the traffic for a fraction of that. <c>OTEL_TRACES_SAMPLER</c>, when set, decides instead.
    /// </summary>
    public double TraceSampleRatio { get; set; } = 0.1;

    public PrometheusOptions Prometheus { get; set; } = new();

    public sealed class PrometheusOptions
    {
        /// <summary>Serve the scrape endpoint.</summary>
        public bool Enabled { get; set; } = true;

        /// <summary>Where; not part of the API, so not in the OpenAPI document.</summary>
        public string Path { get; set; } = "/metrics";

        /// <summary>
        /// Answer scrapes from other hosts too. Off by default: only loopback callers (a local agent,
        /// a sidecar) see the figures, others get 404 as for any unknown path.
        /// </summary>
        public bool AllowRemote { get; set; }
    }
}

/// <summary>
/// OpenTelemetry for the service: traces from the request (ASP.NET Core's span, named and tagged by
/// <see cref="RequestSpans"/>) through the use case (the mediator's span) to SQL (Npgsql) and the
/// model (Microsoft.Extensions.AI, tool calls included); metrics from ASP.NET Core, Npgsql's pool,
/// the resilience pipeline (Polly), the model client and the service's own <see cref="TodoChatMetrics"/>.
/// Metrics go to <c>/metrics</c> (Prometheus) and, with <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, over
/// OTLP with the traces.
/// </summary>
public static class TelemetrySetup
{
    /// <summary>The meters exported, besides <see cref="AspNetCoreMeters"/>.</summary>
    public static readonly string[] Meters = [TodoChatMetrics.MeterName, TodoChatMetrics.AiSourceName, "Npgsql", "Polly"];

    /// <summary>
    /// ASP.NET Core's meters that an operator reads: requests (<c>http.server.request.duration</c>; its
    /// active requests are dropped, see <see cref="IsDropped"/>), Kestrel's connections, unhandled
    /// exceptions and rate-limiter rejections.
    /// Chosen one by one rather than through OpenTelemetry's ASP.NET Core instrumentation (no longer a
    /// dependency, ADR-017), which also wrapped the whole pipeline in a middleware of its own and listened
    /// to routing, authentication and authorization meters that record on every request and that no
    /// panel reads (docs/performance.md, "Measured in turns").
    /// </summary>
    public static readonly string[] AspNetCoreMeters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.RateLimiting",
    ];

    /// <summary>ASP.NET Core's request span.</summary>
    public const string AspNetCoreActivitySource = "Microsoft.AspNetCore";

    public static IServiceCollection AddTodoChatTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.SectionName));

        // Every log entry written during a request carries its trace and span ids (as scopes: the JSON
        // console formatter of Production writes them), so a log line leads to its trace.
        services.Configure<LoggerFactoryOptions>(logging =>
            logging.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        if (!options.Enabled)
        {
            return services;
        }

        if (options.TraceSampleRatio is < 0 or > 1 || double.IsNaN(options.TraceSampleRatio))
        {
            throw new StartupException($"Telemetry:TraceSampleRatio is the share of traces recorded, from 0 to 1, not {options.TraceSampleRatio.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        }

        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("todochat"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(AspNetCoreMeters).AddMeter(Meters);
                if (options.Prometheus.Enabled)
                {
                    // No response cache: a scrape sees every request answered before it.
                    metrics.AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
                }

                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });

        // The views need the host's meter factory, so they are added once the container exists.
        services.ConfigureOpenTelemetryMeterProvider((provider, metrics) =>
        {
            var meters = provider.GetRequiredService<IMeterFactory>();
            metrics.AddView(instrument => IsDropped(instrument) || IsAnotherHosts(instrument, meters) ? MetricStreamConfiguration.Drop : null);
        });

        if (options.Tracing ?? otlp)
        {
            telemetry.WithTracing(tracing =>
            {
                if (string.IsNullOrWhiteSpace(configuration["OTEL_TRACES_SAMPLER"]))
                {
                    tracing.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.TraceSampleRatio)));
                }

                // ASP.NET Core's own request span, its attributes added by RequestSpans for the requests
                // a trace records (ADR-017).
                tracing.AddSource(AspNetCoreActivitySource)
                    .AddSource(TodoChatMetrics.ActivitySourceName, TodoChatMetrics.AiSourceName)
                    .AddNpgsql();
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            });
        }

        return services;
    }

    /// <summary>
    /// The request span's attributes when traces are on (<see cref="RequestSpans"/>), then the scrape
    /// endpoint, for loopback callers only unless configured otherwise.
    /// </summary>
    public static IApplicationBuilder UseTodoChatTelemetry(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<TelemetryOptions>>().Value;
        if (app.ApplicationServices.GetService<TracerProvider>() is not null)
        {
            app.UseRequestSpans(context => IsScrape(context, options));
        }

        if (options.Enabled && options.Prometheus.Enabled)
        {
            app.UseOpenTelemetryPrometheusScrapingEndpoint(
                meterProvider: null,
                predicate: context => IsScrape(context, options),
                path: null,
                configureBranchedPipeline: null,
                optionsName: null);
        }

        return app;
    }

    /// <summary>
    /// Instruments that record on every request or statement and that no panel reads; dropped, they are
    /// not listened to at all, and their recording code is skipped:
    /// <list type="bullet">
    /// <item>Npgsql's per-command instruments (<c>db.client.operation.*</c>: duration, executing, bytes,
    /// failed, prepared ratio), several measurements a statement; the pool's (<c>db.client.connection.*</c>)
    /// stay, and a statement's time is in its span.</item>
    /// <item>ASP.NET Core's <c>http.server.active_requests</c>, two measurements a request; requests in
    /// flight are the rate of <c>http.server.request.duration</c> times its mean, and Kestrel's
    /// <c>kestrel.active_connections</c> stays.</item>
    /// </list>
    /// </summary>
    private static bool IsDropped(Instrument instrument) =>
        (instrument.Meter.Name == "Npgsql" && instrument.Name.StartsWith("db.client.operation", StringComparison.Ordinal))
        || (instrument.Meter.Name == "Microsoft.AspNetCore.Hosting" && instrument.Name == "http.server.active_requests");

    /// <summary>
    /// An instrument of another host in the same process. OpenTelemetry listens to meters by name across
    /// the process, so a second host (a test's, a tool's) would have its measurements, and its observable
    /// counts, added to this one's. Meters made by a host's <see cref="IMeterFactory"/>
    /// carry it as their scope; meters of no host (Npgsql's, Polly's) stay.
    /// </summary>
    private static bool IsAnotherHosts(Instrument instrument, IMeterFactory meters) =>
        instrument.Meter.Scope is IMeterFactory scope && !ReferenceEquals(scope, meters);

    private static bool IsScrape(HttpContext context, TelemetryOptions options) =>
        context.Request.Path.Equals(options.Prometheus.Path, StringComparison.Ordinal)
        && HttpMethods.IsGet(context.Request.Method)
        && (options.Prometheus.AllowRemote || (context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote)));
}
