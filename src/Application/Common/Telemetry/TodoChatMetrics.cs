using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TodoChat.Application.Common.Telemetry;

/// <summary>
/// The service's own instruments, all on one meter (<see cref="MeterName"/>) and one activity source:
/// the one home for their names, units and tags. Names follow OpenTelemetry's semantic conventions
/// (dot-separated, unit in the instrument, not in the name); Prometheus shows them with underscores and
/// the unit as a suffix (<c>todochat.history.page.duration</c> in seconds is
/// <c>todochat_history_page_duration_seconds</c>).
/// </summary>
/// <remarks>
/// Tags are closed sets of words (a route template, a tool name, an outcome), never ids, chat text or
/// tokens. Tag values are interned strings, so recording allocates nothing; with no listener (telemetry
/// off) an instrument is disabled and recording is a branch. The ETag answers are the exception: they are
/// counted in the service either way (an atomic increment) and only read when a listener collects.
/// </remarks>
public sealed class TodoChatMetrics
{
    public const string MeterName = "TodoChat";
    public const string ActivitySourceName = "TodoChat";

    /// <summary>The activity source and meter of model calls: Microsoft.Extensions.AI's gen_ai.* spans and metrics.</summary>
    public const string AiSourceName = "TodoChat.Ai";

    /// <summary>Spans of use cases (the mediator's handlers), children of the request's span.</summary>
    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    /// <summary>
    /// Whether a span started here could be recorded: there is no span around it, or the one around it
    /// is recorded. Under an unrecorded span (nine requests in ten at the default sampling) a
    /// parent-based sampler turns every child down, so starting one only pays for asking (ADR-018).
    /// </summary>
    public static bool ChildSpanMayBeRecorded => Activity.Current is not { IsAllDataRequested: false };

    public const string HistoryPageDuration = "todochat.history.page.duration";
    public const string HistoryPageSize = "todochat.history.page.size";
    public const string EtagResponses = "todochat.http.etag.responses";
    public const string ConnectionRetries = "todochat.db.client.connection.retries";
    public const string ConnectionCheckoutDuration = "todochat.db.client.connection.checkout.duration";
    public const string CacheHits = "todochat.cache.hits";
    public const string CacheMisses = "todochat.cache.misses";
    public const string CacheEvictions = "todochat.cache.evictions";
    public const string CacheSize = "todochat.cache.size";
    public const string CacheEntries = "todochat.cache.entries";
    public const string ChatTurns = "todochat.chat.turns";
    public const string ChatTurnDuration = "todochat.chat.turn.duration";
    public const string ChatToolCalls = "todochat.chat.tool_calls";
    public const string ChatTurnReruns = "todochat.chat.turn.reruns";
    public const string ReplicaReads = "todochat.history.replica.reads";

    public const string PagingTag = "todochat.history.paging";
    public const string TimeFilterTag = "todochat.history.time_filter";
    public const string RouteTag = "http.route";
    public const string StatusCodeTag = "http.response.status_code";
    public const string ConditionalTag = "todochat.http.conditional";
    public const string RetryPathTag = "todochat.db.path";
    public const string CacheNameTag = "todochat.cache.name";
    public const string OutcomeTag = "todochat.chat.outcome";
    public const string ToolNameTag = "gen_ai.tool.name";
    public const string ChangedTag = "todochat.chat.changed";
    public const string ReplicaOutcomeTag = "todochat.replica.outcome";

    private static readonly double[] SecondsBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 150];
    private static readonly int[] MessageBuckets = [0, 1, 10, 25, 50, 100, 250, 500, 1000];

    private readonly Histogram<double> _pageDuration;
    private readonly Histogram<int> _pageSize;
    private readonly EtagAnswerCounts _etagAnswers = new();
    private readonly Counter<long> _retries;
    private readonly Histogram<double> _checkout;
    private readonly Counter<long> _turns;
    private readonly Histogram<double> _turnDuration;
    private readonly Counter<long> _toolCalls;
    private readonly Counter<long> _reruns;
    private readonly Counter<long> _replicaReads;

    public TodoChatMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(MeterName);
        _pageDuration = Meter.CreateHistogram(HistoryPageDuration, "s", "Time to answer a history page (a 304 included), from the state read to the page.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _pageSize = Meter.CreateHistogram(HistoryPageSize, "{message}", "Messages in each history page answered with 200.", advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = MessageBuckets });
        // Counted here and read at collection: a counter's Add would be a look-up of three tags in
        // OpenTelemetry's aggregation on every history read (docs/performance.md, issue 16).
        Meter.CreateObservableCounter(EtagResponses, _etagAnswers.Measurements, "{response}", "Answers of the routes with an ETag: 200 against 304, with or without If-None-Match.");
        _retries = Meter.CreateCounter<long>(ConnectionRetries, "{retry}", "Operations run again because their pooled connection turned out dead.");
        _checkout = Meter.CreateHistogram(ConnectionCheckoutDuration, "s", "Wait for a pooled connection on the history path.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _turns = Meter.CreateCounter<long>(ChatTurns, "{turn}", "Chat turns by outcome.");
        _turnDuration = Meter.CreateHistogram(ChatTurnDuration, "s", "Time the agent took for a turn, model calls and tools included.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _toolCalls = Meter.CreateCounter<long>(ChatToolCalls, "{call}", "Tool calls the agent made, by tool.");
        _replicaReads = Meter.CreateCounter<long>(ReplicaReads, "{read}", "History range reads meant for a standby, by outcome: served there, or answered by the primary because the standby lagged or failed.");
        _reruns = Meter.CreateCounter<long>(ChatTurnReruns, "{turn}", "Turns run again because what they read (the conversation, a task) changed before they committed.");
    }

    /// <summary>The meter, for observable instruments whose figures live elsewhere (the cache's).</summary>
    public Meter Meter { get; }

    public static class Paging
    {
        public const string First = "first";
        public const string Offset = "offset";
        public const string Cursor = "cursor";
    }

    public static class ReplicaOutcome
    {
        public const string Served = "served";
        public const string Lagging = "lagging";
        public const string Unavailable = "unavailable";
    }

    public static class Outcome
    {
        public const string Ok = "ok";
        public const string ModelUnavailable = "model_unavailable";
        public const string Failed = "failed";
    }

    public void HistoryPage(string paging, bool timeFilter, TimeSpan elapsed, int? messages)
    {
        var filter = timeFilter ? "true" : "false";
        if (_pageDuration.Enabled)
        {
            _pageDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>(PagingTag, paging), new KeyValuePair<string, object?>(TimeFilterTag, filter));
        }

        // Untagged: how pages are asked for is on the duration's count, and a size histogram's tags
        // would cost a second tag look-up on every page for a split no panel reads.
        if (messages is { } count && _pageSize.Enabled)
        {
            _pageSize.Record(count);
        }
    }

    /// <summary>An answer of a route with an ETag; <paramref name="route"/> is its template.</summary>
    public void EtagResponse(string route, int statusCode, bool conditional) => _etagAnswers.Add(route, statusCode, conditional);

    public void ConnectionRetry(string path) => _retries.Add(1, new KeyValuePair<string, object?>(RetryPathTag, path));

    public void ConnectionCheckout(TimeSpan elapsed)
    {
        if (_checkout.Enabled)
        {
            _checkout.Record(elapsed.TotalSeconds);
        }
    }

    public void ChatTurn(string outcome, TimeSpan elapsed)
    {
        _turns.Add(1, new KeyValuePair<string, object?>(OutcomeTag, outcome));
        _turnDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>(OutcomeTag, outcome));
    }

    /// <summary>A tool call; <paramref name="tool"/> is one of the agent's fixed tool names.</summary>
    public void ToolCall(string tool) => _toolCalls.Add(1, new KeyValuePair<string, object?>(ToolNameTag, tool));

    /// <summary>A history range read meant for a standby; <paramref name="outcome"/> is one of <see cref="ReplicaOutcome"/>.</summary>
    public void ReplicaRead(string outcome) => _replicaReads.Add(1, new KeyValuePair<string, object?>(ReplicaOutcomeTag, outcome));

    /// <summary>A turn run again; <paramref name="changed"/> is what changed under it (<c>conversation</c> or <c>tasks</c>).</summary>
    public void ChatTurnRerun(string changed) => _reruns.Add(1, new KeyValuePair<string, object?>(ChangedTag, changed));

    /// <summary>
    /// The ETag answers by route, status and whether the request was conditional: one cell per
    /// combination, found without locking and incremented atomically; the observable counter reads
    /// them all. The routes are the few templates with an ETag, so the set stays small.
    /// </summary>
    private sealed class EtagAnswerCounts
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Route, int Status, bool Conditional), Cell> _cells = new();

        public void Add(string route, int statusCode, bool conditional)
        {
            var cell = _cells.GetOrAdd((route, statusCode, conditional), static _ => new Cell());
            Interlocked.Increment(ref cell.Count);
        }

        public IEnumerable<Measurement<long>> Measurements()
        {
            foreach (var ((route, status, conditional), cell) in _cells)
            {
                yield return new Measurement<long>(
                    Volatile.Read(ref cell.Count),
                    new KeyValuePair<string, object?>(RouteTag, route),
                    new KeyValuePair<string, object?>(StatusCodeTag, StatusCodeText(status)),
                    new KeyValuePair<string, object?>(ConditionalTag, conditional ? "true" : "false"));
            }
        }

        private static string StatusCodeText(int statusCode) => statusCode switch
        {
            200 => "200",
            304 => "304",
            _ => statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        private sealed class Cell
        {
            public long Count;
        }
    }
}
