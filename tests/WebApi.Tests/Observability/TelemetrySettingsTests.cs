using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Observability;

/// <summary>Traces are made only when they have somewhere to go, or when asked for; metrics always, unless off.</summary>
public sealed class TelemetrySettingsTests : TestBase
{
    [TestCase(null, null, false, TestName = "ShouldNotTraceWithoutACollector")]
    [TestCase("http://127.0.0.1:4317", null, true, TestName = "ShouldTraceWhenAnOtlpEndpointIsSet")]
    [TestCase("http://127.0.0.1:4317", "false", false, TestName = "ShouldNotTraceWhenSwitchedOffDespiteACollector")]
    [TestCase(null, "true", true, TestName = "ShouldTraceWhenAskedWithoutACollector")]
    public async Task ShouldDecideTracingFromTheCollectorAndTheSetting(string? otlpEndpoint, string? tracing, bool traced)
    {
        await using var app = new TodoChatApp(
            Testing.Database.ConnectionString,
            new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint, ["Telemetry:Tracing"] = tracing });

        Assert.That(app.Services.GetService<TracerProvider>(), traced ? Is.Not.Null : Is.Null);
        Assert.That(app.Services.GetService<MeterProvider>(), Is.Not.Null, "metrics are on either way");
    }
}
