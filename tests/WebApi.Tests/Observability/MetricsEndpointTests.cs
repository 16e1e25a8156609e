using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TodoChat.Infrastructure.Caching;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Observability;

/// <summary>/metrics, as Prometheus scrapes it, counts exactly what the service was asked.</summary>
public sealed class MetricsEndpointTests : TestBase
{
    private const string HistoryRoute = "api/{user_id}/conversations/{conversation_id}/messages";
    private const string ConversationRoute = "api/{user_id}/conversations/{conversation_id}";

    [Test]
    public async Task ShouldCountHistoryPagesEtagAnswersCacheAndChatExactly()
    {
        await using var app = new TodoChatApp(Testing.Database.ConnectionString);
        using var client = app.CreateHttpClient(Tokens.For("alice"));

        // One turn: the builtin agent adds a task, so the conversation holds two messages.
        using var chat = await client.PostJsonAsync("api/alice/chat", new { conversation_id = (Guid?)null, message = "add milk" });
        var id = (Guid)(await chat.ReadJsonAsync())["conversation_id"]!;
        var history = Support.Conversations.HistoryUri("alice", id);

        var tag = await Support.Conversations.ETagOfAsync(client, history);                                    // first page, 2 messages
        using (var notModified = await Support.Conversations.RevalidateAsync(client, history, tag))            // 304
        {
            Assert.That(notModified.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        }

        await Support.Conversations.ETagOfAsync(client, history);                                              // first page again
        await Support.Conversations.ETagOfAsync(client, history + "?offset=1");                                // offset, 1 message
        using var firstOfOne = await client.GetAsync(history + "?limit=1");                                    // first page, 1 message
        var cursor = (string)(await firstOfOne.ReadJsonAsync())["next_cursor"]!;
        await Support.Conversations.ETagOfAsync(client, history + "?limit=1&cursor=" + Uri.EscapeDataString(cursor)); // cursor, 1 message
        await Support.Conversations.ETagOfAsync(client, history + "?after=2000-01-01T00:00:00Z");              // time filter, 2 messages
        var conversationTag = await Support.Conversations.ETagOfAsync(client, $"api/alice/conversations/{id}");
        (await Support.Conversations.RevalidateAsync(client, $"api/alice/conversations/{id}", conversationTag)).Dispose();
        using (var missing = await client.GetAsync(Support.Conversations.HistoryUri("alice", Guid.NewGuid())))    // 404: no page, no ETag
        {
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            await missing.Content.ReadAsStringAsync(); // read to the end: the connection goes back to the pool for the scrape
        }

        var metrics = await ScrapeAsync(client);

        Assert.Multiple(() =>
        {
            Assert.That(metrics.Value("todochat_http_etag_responses_total", Scope, ("http_route", HistoryRoute), ("http_response_status_code", "200"), ("todochat_http_conditional", "false")), Is.EqualTo(6));
            Assert.That(metrics.Value("todochat_http_etag_responses_total", Scope, ("http_route", HistoryRoute), ("http_response_status_code", "304"), ("todochat_http_conditional", "true")), Is.EqualTo(1));
            Assert.That(metrics.Value("todochat_http_etag_responses_total", Scope, ("http_route", ConversationRoute), ("http_response_status_code", "200"), ("todochat_http_conditional", "false")), Is.EqualTo(1));
            Assert.That(metrics.Value("todochat_http_etag_responses_total", Scope, ("http_route", ConversationRoute), ("http_response_status_code", "304"), ("todochat_http_conditional", "true")), Is.EqualTo(1));
            Assert.That(metrics.Sum("todochat_http_etag_responses_total"), Is.EqualTo(9), "nothing else, the 404 included, is counted");

            Assert.That(metrics.Value("todochat_history_page_duration_seconds_count", Scope, Paging("first"), NoTimeFilter), Is.EqualTo(4), "three pages and the 304");
            Assert.That(metrics.Value("todochat_history_page_duration_seconds_count", Scope, Paging("offset"), NoTimeFilter), Is.EqualTo(1));
            Assert.That(metrics.Value("todochat_history_page_duration_seconds_count", Scope, Paging("cursor"), NoTimeFilter), Is.EqualTo(1));
            Assert.That(metrics.Value("todochat_history_page_duration_seconds_count", Scope, Paging("first"), ("todochat_history_time_filter", "true")), Is.EqualTo(1));
            Assert.That(metrics.Sum("todochat_history_page_duration_seconds_count"), Is.EqualTo(7));

            // Six pages answered with 200 (the 304 has none): 2, 2, 1 (offset), 1 (limit=1), 1 (cursor), 2 (time filter).
            Assert.That(metrics.Value("todochat_history_page_size_count", Scope), Is.EqualTo(6), "one untagged series: how pages were asked for is on the duration");
            Assert.That(metrics.Value("todochat_history_page_size_sum", Scope), Is.EqualTo(9));
            Assert.That(metrics.Value("todochat_history_page_size_bucket", Scope, ("le", "1")), Is.EqualTo(3), "three pages of one message");
            Assert.That(metrics.Value("todochat_history_page_size_bucket", Scope, ("le", "10")), Is.EqualTo(6));

            Assert.That(metrics.Value("todochat_chat_turns_total", Scope, ("todochat_chat_outcome", "ok")), Is.EqualTo(1));
            Assert.That(metrics.Value("todochat_chat_turn_duration_seconds_count", Scope, ("todochat_chat_outcome", "ok")), Is.EqualTo(1));
            Assert.That(metrics.Value("todochat_chat_tool_calls_total", Scope, ("gen_ai_tool_name", "add_task")), Is.EqualTo(1));
            Assert.That(metrics.Sum("todochat_chat_tool_calls_total"), Is.EqualTo(1));
            Assert.That(metrics.Sum("gen_ai_client_operation_duration_seconds_count", ("gen_ai_operation_name", "chat")), Is.EqualTo(2), "the builtin agent's two model calls");
            Assert.That(metrics.Sum("http_server_request_duration_seconds_count", ("http_route", "api/{user_id}/chat"), ("http_response_status_code", "200")), Is.EqualTo(1));
            Assert.That(metrics.Sum("http_server_request_duration_seconds_count", ("http_route", HistoryRoute), ("http_response_status_code", "404")), Is.EqualTo(1));

            // Blocks: the first unconditional read misses and keeps block 0; the unfiltered pages after it hit.
            var cache = app.Services.GetRequiredService<HistoryBlockCache>().Statistics();
            Assert.That(metrics.Value("todochat_cache_misses_total", Scope, ("todochat_cache_name", "history")), Is.EqualTo(cache.Misses).And.EqualTo(1));
            Assert.That(metrics.Value("todochat_cache_hits_total", Scope, ("todochat_cache_name", "history")), Is.EqualTo(cache.Hits).And.EqualTo(4));
            Assert.That(metrics.Value("todochat_cache_size_bytes", Scope, ("todochat_cache_name", "history")), Is.EqualTo(cache.Bytes).And.GreaterThan(0));
            Assert.That(metrics.Value("todochat_cache_entries", Scope, ("todochat_cache_name", "history")), Is.EqualTo(1));

            Assert.That(metrics.Value("db_client_connection_max", ("db_client_connection_pool_name", "todochat"), ("otel_scope_name", "Npgsql"), ("otel_scope_version", "0.1.0")), Is.EqualTo(30), "Npgsql's pool metrics are exported");
            Assert.That(metrics.Sum("todochat_db_client_connection_checkout_duration_seconds_count"), Is.GreaterThanOrEqualTo(1));
            Assert.That(metrics.Families.Keys.Where(f => f.StartsWith("db_client_operation", StringComparison.Ordinal)), Is.Empty, "Npgsql's per-command instruments are dropped (their cost is on every statement; spans carry a statement's time)");
            Assert.That(metrics.Families.Keys, Has.None.EqualTo("http_server_active_requests"), "requests in flight are not counted twice a request (no panel reads them)");
            Assert.That(metrics.Families.Keys.Where(f => f.StartsWith("aspnetcore_routing", StringComparison.Ordinal) || f.StartsWith("aspnetcore_authorization", StringComparison.Ordinal) || f.StartsWith("aspnetcore_authentication", StringComparison.Ordinal)), Is.Empty, "only the ASP.NET Core meters an operator reads are listened to");
        });
    }

    [Test]
    public async Task ShouldExportOnlyItsOwnHostsMeasurements()
    {
        // OpenTelemetry listens to meters by name across the process: a second host alive beside this
        // one (as in these tests) must not have its answers counted here, nor its observed counts.
        await using var other = new TodoChatApp(Testing.Database.ConnectionString);
        await using var app = new TodoChatApp(Testing.Database.ConnectionString);
        using var otherClient = other.CreateHttpClient(Tokens.For("alice"));
        using var client = app.CreateHttpClient(Tokens.For("alice"));
        using var chat = await otherClient.PostJsonAsync("api/alice/chat", new { conversation_id = (Guid?)null, message = "add milk" });
        var id = (Guid)(await chat.ReadJsonAsync())["conversation_id"]!;
        await Support.Conversations.ETagOfAsync(otherClient, Support.Conversations.HistoryUri("alice", id));

        var theOthers = await ScrapeAsync(otherClient);
        var mine = await ScrapeAsync(client);

        Assert.Multiple(() =>
        {
            Assert.That(theOthers.Sum("todochat_http_etag_responses_total"), Is.EqualTo(1), "the other host counts its own answer");
            Assert.That(mine.Sum("todochat_http_etag_responses_total"), Is.Zero);
            Assert.That(mine.Sum("todochat_history_page_duration_seconds_count"), Is.Zero);
            Assert.That(mine.Sum("todochat_chat_turns_total"), Is.Zero);
            Assert.That(mine.Sum("http_server_request_duration_seconds_count", ("http_route", HistoryRoute)), Is.Zero);
            Assert.That(mine.Sum("http_server_request_duration_seconds_count", ("http_route", "api/{user_id}/chat")), Is.Zero);
        });
    }

    [TestCase("Telemetry:Enabled")]
    [TestCase("Telemetry:Prometheus:Enabled")]
    public async Task ShouldNotServeMetricsWhenSwitchedOff(string setting)
    {
        await using var app = new TodoChatApp(Testing.Database.ConnectionString, new Dictionary<string, string?> { [setting] = "false" });
        using var client = app.CreateHttpClient();

        using var response = await client.GetAsync("metrics");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task ShouldServeMetricsOnTheConfiguredPathWithoutAToken()
    {
        await using var app = new TodoChatApp(Testing.Database.ConnectionString, new Dictionary<string, string?> { ["Telemetry:Prometheus:Path"] = "/internal/metrics" });
        using var client = app.CreateHttpClient();

        using var moved = await client.GetAsync("internal/metrics");
        using var old = await client.GetAsync("metrics");

        Assert.That(moved.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(moved.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
        Assert.That(old.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    private static (string, string) Scope => ("otel_scope_name", "TodoChat");

    private static (string, string) NoTimeFilter => ("todochat_history_time_filter", "false");

    private static (string, string) Paging(string how) => ("todochat_history_paging", how);

    /// <summary>
    /// Scrapes through the client that sent the requests: on its kept-alive connection Kestrel finishes
    /// a request (and records ASP.NET Core's own request metrics) before it reads the next, so the
    /// scrape sees them; a new connection could overtake the last request's bookkeeping.
    /// </summary>
    internal static async Task<PrometheusText> ScrapeAsync(HttpClient client) =>
        PrometheusText.Parse(await client.GetStringAsync("metrics"));
}
