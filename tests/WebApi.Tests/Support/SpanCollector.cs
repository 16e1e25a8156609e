using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace TodoChat.WebApi.Tests.Support;

/// <summary>
/// The spans a <see cref="TodoChatApp"/> ends, kept in memory by OpenTelemetry's in-memory exporter,
/// with a signal for the end of each request's own span (it ends after the response is sent, so a
/// client that has its answer must wait for it; no sleep).
/// </summary>
public sealed class SpanCollector
{
    private readonly List<Activity> _spans = [];
    private readonly TaskCompletionSource _requestEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Settings that turn tracing on and record every trace, for the app's constructor.</summary>
    public static Dictionary<string, string?> Settings => new() { ["Telemetry:Tracing"] = "true", ["Telemetry:TraceSampleRatio"] = "1" };

    public void AddTo(IServiceCollection services) =>
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing
            .AddInMemoryExporter(_spans)
            .AddProcessor(new ServerSpanEnded(_requestEnded)));

    /// <summary>Waits for the first request's span to end, then gives that request's trace.</summary>
    public async Task<IReadOnlyList<Activity>> FirstTraceAsync()
    {
        await _requestEnded.Task.WaitAsync(TimeSpan.FromSeconds(30));
        lock (_spans)
        {
            var root = _spans.First(s => s.Kind == ActivityKind.Server);
            return _spans.Where(s => s.TraceId == root.TraceId).ToList();
        }
    }

    /// <summary>The request spans recorded so far.</summary>
    public IReadOnlyList<Activity> ServerSpans()
    {
        lock (_spans)
        {
            return _spans.Where(s => s.Kind == ActivityKind.Server).ToList();
        }
    }

    /// <summary>
    /// The trace as an indented tree of "source: name". Npgsql's CONNECT spans are left out: whether a
    /// request opens a physical connection depends on the pool's state (pruned, cold), not on the request.
    /// </summary>
    public static string Tree(IReadOnlyList<Activity> trace)
    {
        trace = trace.Where(s => !(s.Source.Name == "Npgsql" && s.DisplayName.StartsWith("CONNECT", StringComparison.Ordinal))).ToList();
        var ids = trace.Select(s => s.SpanId).ToHashSet();
        var builder = new System.Text.StringBuilder();
        foreach (var root in trace.Where(s => !ids.Contains(s.ParentSpanId)).OrderBy(s => s.StartTimeUtc))
        {
            Append(trace, root, 0, builder);
        }

        return builder.ToString();
    }

    private static void Append(IReadOnlyList<Activity> spans, Activity node, int depth, System.Text.StringBuilder builder)
    {
        builder.Append(' ', depth * 2).Append(node.Source.Name).Append(": ").Append(node.DisplayName).Append('\n');
        foreach (var child in spans.Where(s => s.ParentSpanId == node.SpanId).OrderBy(s => s.StartTimeUtc))
        {
            Append(spans, child, depth + 1, builder);
        }
    }

    private sealed class ServerSpanEnded(TaskCompletionSource ended) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data)
        {
            if (data.Kind == ActivityKind.Server)
            {
                ended.TrySetResult();
            }
        }
    }
}
