using System.Net;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Observability;

/// <summary>A real (scripted) model's calls, tokens, retries and failures, as /metrics counts them.</summary>
public sealed class ModelMetricsTests : ScriptedModelTestBase
{
    [Test]
    public async Task ShouldCountModelCallsTokensRetriesAndToolCalls()
    {
        await using var app = Model.StartService();
        using var client = app.CreateHttpClient(Tokens.For("alice"));
        Model.ThenStatus(500).ThenToolCalls(("add_task", "{\"title\":\"Buy milk\"}")).ThenText("Added it.");

        using var response = await client.PostJsonAsync("api/alice/chat", new { conversation_id = (Guid?)null, message = "add buy milk" });
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsStringAsync();
        var metrics = await MetricsEndpointTests.ScrapeAsync(client);

        Assert.Multiple(() =>
        {
            Assert.That(metrics.Sum("resilience_polly_strategy_events_total", ("event_name", "OnRetry")), Is.EqualTo(1), "the 500 was retried once");
            Assert.That(metrics.Sum("gen_ai_client_operation_duration_seconds_count", ("gen_ai_request_model", "scripted-model-name")), Is.EqualTo(2), "two model calls: the tool call, the answer");
            Assert.That(metrics.Sum("gen_ai_client_token_usage_sum", ("gen_ai_token_type", "input")), Is.EqualTo(20), "10 prompt tokens per call, as the server reports");
            Assert.That(metrics.Sum("gen_ai_client_token_usage_sum", ("gen_ai_token_type", "output")), Is.EqualTo(10));
            Assert.That(metrics.Sum("todochat_chat_tool_calls_total", ("gen_ai_tool_name", "add_task")), Is.EqualTo(1));
            Assert.That(metrics.Sum("todochat_chat_turns_total", ("todochat_chat_outcome", "ok")), Is.EqualTo(1));
            Assert.That(metrics.Sum("todochat_chat_turns_total"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ShouldCountATurnTheModelNeverAnsweredAndIts503()
    {
        await using var app = Model.StartService();
        using var client = app.CreateHttpClient(Tokens.For("alice"));
        Model.ThenStatus(500).ThenStatus(500).ThenStatus(500);

        using var response = await client.PostJsonAsync("api/alice/chat", new { conversation_id = (Guid?)null, message = "add buy milk" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        await response.Content.ReadAsStringAsync(); // read to the end: the scrape goes on the same connection
        var metrics = await MetricsEndpointTests.ScrapeAsync(client);

        Assert.Multiple(() =>
        {
            Assert.That(metrics.Sum("todochat_chat_turns_total", ("todochat_chat_outcome", "model_unavailable")), Is.EqualTo(1));
            Assert.That(metrics.Sum("todochat_chat_turns_total"), Is.EqualTo(1));
            Assert.That(metrics.Sum("resilience_polly_strategy_events_total", ("event_name", "OnRetry")), Is.EqualTo(2), "Ai:MaxRetries = 2");
            Assert.That(metrics.Sum("http_server_request_duration_seconds_count", ("http_route", "api/{user_id}/chat"), ("http_response_status_code", "503")), Is.EqualTo(1));
        });
    }
}
