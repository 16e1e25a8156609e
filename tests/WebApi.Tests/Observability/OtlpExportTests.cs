using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Observability;

/// <summary>
/// With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, metrics and traces reach a collector over OTLP: here a
/// receiver on loopback that keeps what each signal's POST carried (OTLP/HTTP, protobuf, whose strings
/// are plain UTF-8 in the body).
/// </summary>
public sealed class OtlpExportTests : TestBase
{
    [Test]
    public async Task ShouldSendMetricsAndTracesToTheCollectorWithoutChatText()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        await using var app = new TodoChatApp(
            Testing.Database.ConnectionString,
            new Dictionary<string, string?>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.BaseAddress.ToString().TrimEnd('/'),
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["Telemetry:TraceSampleRatio"] = "1",
                // Prometheus is a pulled reader: a flush of the meter provider reports false while it is
                // there. Off, the flush's answer is the OTLP export's own.
                ["Telemetry:Prometheus:Enabled"] = "false",
            });
        using var client = app.CreateHttpClient(Tokens.For("alice"));
        const string secret = "add quokka-ointment-7431";

        using var chat = await client.PostJsonAsync("api/alice/chat", new { conversation_id = (Guid?)null, message = secret });
        var id = (Guid)(await chat.ReadJsonAsync())["conversation_id"]!;
        await Support.Conversations.ETagOfAsync(client, Support.Conversations.HistoryUri("alice", id));
        // One connection, one request after the other: the history request's span has ended once the
        // next request is answered (Kestrel ends a span before it reads the next request).
        (await client.GetAsync("health")).Dispose();

        Assert.That(app.Services.GetRequiredService<TracerProvider>().ForceFlush(30_000), Is.True, "the traces were sent");
        Assert.That(app.Services.GetRequiredService<MeterProvider>().ForceFlush(30_000), Is.True, "the metrics were sent");

        var traces = collector.Received("/v1/traces");
        var metrics = collector.Received("/v1/metrics");
        Assert.Multiple(() =>
        {
            Assert.That(traces, Does.Contain("todochat"), "the service's name is the resource's");
            Assert.That(traces, Does.Contain("POST api/{user_id}/chat"));
            Assert.That(traces, Does.Contain("GET api/{user_id}/conversations/{conversation_id}/messages"));
            Assert.That(traces, Does.Contain("execute_tool add_task"));
            Assert.That(metrics, Does.Contain("http.server.request.duration"));
            Assert.That(metrics, Does.Contain("todochat.history.page.duration"));
            Assert.That(metrics, Does.Contain("todochat.chat.turns"));
            Assert.That(metrics, Does.Contain("todochat.http.etag.responses"));
            Assert.That(metrics, Does.Contain("db.client.connection.count"), "Npgsql's pool");
            Assert.That(traces + metrics, Does.Not.Contain("quokka"), "no chat text leaves in a span or a metric");
        });
    }

    /// <summary>An OTLP/HTTP endpoint on loopback: keeps the bodies POSTed to each signal's path.</summary>
    private sealed class OtlpReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentDictionary<string, ConcurrentQueue<byte[]>> _bodies = new();

        private OtlpReceiver(WebApplication app) => _app = app;

        public Uri BaseAddress => _app.BaseAddress();

        public static async Task<OtlpReceiver> StartAsync()
        {
            var app = LoopbackApp.Create();
            var receiver = new OtlpReceiver(app);
            app.MapPost("/v1/{signal}", async (HttpContext context, string signal) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                receiver._bodies.GetOrAdd("/v1/" + signal, _ => new()).Enqueue(body.ToArray());
                context.Response.ContentType = "application/x-protobuf";
            });
            await app.StartAsync();
            return receiver;
        }

        /// <summary>Everything POSTed to <paramref name="path"/>, as text (protobuf's strings read as they are).</summary>
        public string Received(string path) =>
            _bodies.TryGetValue(path, out var bodies) ? string.Join('\n', bodies.Select(b => Encoding.UTF8.GetString(b))) : string.Empty;

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
