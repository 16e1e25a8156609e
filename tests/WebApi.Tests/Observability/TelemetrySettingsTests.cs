using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TodoChat.Application.Common.Exceptions;
using TodoChat.WebApi.Telemetry;
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

    [Test]
    public async Task ShouldSampleNewTracesByTheRatioAndFollowACallersDecision()
    {
        // Ratio 0: no request that starts a trace is recorded, but one whose caller sampled its trace is.
        var spans = new SpanCollector();
        await using var app = new TodoChatApp(
            Testing.Database.ConnectionString,
            new Dictionary<string, string?> { ["Telemetry:Tracing"] = "true", ["Telemetry:TraceSampleRatio"] = "0" },
            spans.AddTo);
        using var client = app.CreateHttpClient(Tokens.For("alice"));

        // One connection, one request after the other: Kestrel ends a request's span before it reads the next request.
        using (var unsampled = await client.GetAsync("api/alice/conversations"))
        {
            unsampled.EnsureSuccessStatusCode();
        }

        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/alice/conversations");
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        using (var sampled = await client.SendAsync(request))
        {
            sampled.EnsureSuccessStatusCode();
        }

        var trace = await spans.FirstTraceAsync();
        Assert.That(trace.Select(s => s.TraceId.ToHexString()).Distinct(), Is.EqualTo(new[] { traceId }));
        Assert.That(spans.ServerSpans().Select(s => s.TraceId.ToHexString()), Is.EqualTo(new[] { traceId }), "the request that started its own trace was not recorded");
    }

    [TestCase("1.5")]
    [TestCase("-0.1")]
    [TestCase("NaN")]
    public void ShouldRefuseToStartWithASampleRatioOutsideZeroToOne(string ratio)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Telemetry:Tracing"] = "true", ["Telemetry:TraceSampleRatio"] = ratio })
            .Build();

        var refused = Assert.Throws<StartupException>(() => new ServiceCollection().AddTodoChatTelemetry(configuration));
        Assert.That(refused!.Message, Does.Contain("Telemetry:TraceSampleRatio"));
    }
}
