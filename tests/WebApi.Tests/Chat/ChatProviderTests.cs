using System.Net;
using TodoChat.Domain.Conversations;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Chat;

/// <summary>
/// The real Azure OpenAI and OpenAI clients, through the service's pipeline, against a scripted
/// OpenAI-compatible server on loopback: tool calls run against the database, and failures are
/// retried, then answered with 503, with nothing stored or applied.
/// </summary>
public sealed class ChatProviderTests : ScriptedModelTestBase
{
    [TestCase("openai")]
    [TestCase("azure-openai")]
    public async Task ShouldRunToolCallsAgainstTheDatabaseAndReturnTheModelsReply(string provider)
    {
        await using var app = AppWith(provider);
        using var client = app.CreateHttpClient(Tokens.For("alice"));
        var conversation = await Support.Conversations.CreateAsync("alice", "earlier");
        await Support.Conversations.AppendAsync("alice", conversation, "earlier question", MessageRole.User);
        await Support.Conversations.AppendAsync("alice", conversation, "earlier answer", MessageRole.Assistant);
        Model.ThenToolCalls(("add_task", "{\"title\":\"Buy milk\",\"description\":\"2 litres\"}"))
              .ThenText("Added \"Buy milk\" to your list.");

        using var response = await client.PostJsonAsync("api/alice/chat", new { conversation_id = conversation, message = "please add buy milk" });

        var turn = await response.ReadJsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), turn.ToJsonString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)turn["response"], Is.EqualTo("Added \"Buy milk\" to your list."));
            var call = turn["tool_calls"]![0]!;
            Assert.That((string?)call["tool"], Is.EqualTo("add_task"));
            Assert.That((string?)call["arguments"]!["title"], Is.EqualTo("Buy milk"));
            Assert.That((string?)call["result"]!["status"], Is.EqualTo("created"));
            Assert.That((int?)call["result"]!["task_id"], Is.GreaterThan(0));
            Assert.That(await Testing.ScalarAsync<string>("SELECT title || '|' || description || '|' || user_id FROM tasks"), Is.EqualTo("Buy milk|2 litres|alice"));
        }

        var requests = Model.Requests.ToList();
        Assert.That(requests, Has.Count.EqualTo(2), "one call with the tools, one with their result");
        var first = requests[0];
        using (Assert.EnterMultipleScope())
        {
            if (provider == "openai")
            {
                Assert.That(first.PathAndQuery, Does.StartWith("/v1/chat/completions"));
                Assert.That(first.Authorization, Is.EqualTo("Bearer test-key"));
                Assert.That((string?)first.Body["model"], Is.EqualTo("scripted-model-name"));
            }
            else
            {
                Assert.That(first.PathAndQuery, Does.StartWith("/openai/deployments/my-deployment/chat/completions?api-version="));
                Assert.That(first.ApiKey, Is.EqualTo("test-key"));
            }

            Assert.That(first.Messages[0].Role, Is.EqualTo("system"));
            Assert.That(first.Messages[0].Content, Does.Contain("add_task").And.Contain("list_tasks"));
            Assert.That(first.Messages.Skip(1).Select(m => (m.Role, m.Content)), Is.EqualTo(new[]
            {
                ("user", (string?)"earlier question"),
                ("assistant", (string?)"earlier answer"),
                ("user", (string?)"please add buy milk"),
            }), "the history window, then the new message exactly once");
            Assert.That(first.ToolNames, Is.EquivalentTo(new[] { "add_task", "list_tasks", "complete_task", "delete_task", "update_task" }));
            Assert.That(first.ToolSchema("update_task"), Does.Contain("\"task_id\"").And.Not.Contain("user"));
            Assert.That(requests[1].Messages.Select(m => m.Role), Does.Contain("tool"), "the tool's result went back to the model");
        }
    }

    [Test]
    public async Task ShouldSendOnlyTheNewestMessagesOfTheWindow()
    {
        await using var app = AppWith("openai", new() { ["Chat:HistoryWindow"] = "3" });
        using var client = app.CreateHttpClient(Tokens.For("alice"));
        var conversation = await Support.Conversations.CreateAsync("alice");
        for (var i = 1; i <= 6; i++)
        {
            await Support.Conversations.AppendAsync("alice", conversation, $"m{i}", i % 2 == 1 ? MessageRole.User : MessageRole.Assistant);
        }

        Model.ThenText("ok");

        using var response = await client.PostJsonAsync("api/alice/chat", new { conversation_id = conversation, message = "m7" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var sent = Model.Requests.Single().Messages.Skip(1).Select(m => m.Content);
        Assert.That(sent, Is.EqualTo(new[] { "m4", "m5", "m6", "m7" }), "the newest three, oldest first, then the new one");
    }

    [Test]
    public async Task ShouldSendOnlyTheNewestMessagesThatFitTheTokenBudget()
    {
        await using var app = AppWith("openai", new() { ["Chat:HistoryTokens"] = "2000" });
        using var client = app.CreateHttpClient(Tokens.For("alice"));
        var conversation = await Support.Conversations.CreateAsync("alice");
        var longAnswer = string.Concat(Enumerable.Repeat("lorem ipsum ", 2_000)).Trim();
        await Support.Conversations.AppendAsync("alice", conversation, "m1", MessageRole.User);
        await Support.Conversations.AppendAsync("alice", conversation, longAnswer, MessageRole.Assistant);
        await Support.Conversations.AppendAsync("alice", conversation, "m3", MessageRole.User);
        Model.ThenText("ok");

        using var response = await client.PostJsonAsync("api/alice/chat", new { conversation_id = conversation, message = "m4" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var sent = Model.Requests.Single().Messages;
        Assert.That(sent[0].Role, Is.EqualTo("system"), "the system prompt always goes");
        Assert.That(sent.Skip(1).Select(m => m.Content), Is.EqualTo(new[] { "m3", "m4" }), "the long answer does not fit, and m1 is not sent across the gap");
    }

    [Test]
    public async Task ShouldRetryA429AfterItsRetryAfterAndSucceed()
    {
        await using var app = AppWith("openai");
        using var client = app.CreateHttpClient(Tokens.For("alice"));
        Model.ThenStatus(429, retryAfterSeconds: 1).ThenText("Hello again.");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();

        using var response = await client.PostJsonAsync("api/alice/chat", new { conversation_id = (Guid?)null, message = "hi" });
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That((string?)(await response.ReadJsonAsync())["response"], Is.EqualTo("Hello again."));
        Assert.That(Model.Requests, Has.Count.EqualTo(2));
        Assert.That(elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9)), "the retry waited for Retry-After (1 s), not the 50 ms backoff");
        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM messages"), Is.EqualTo(2), "the turn stored once");
    }

    [Test]
    public async Task ShouldAnswer503AndStoreNothingWhenTheModelKeepsFailing()
    {
        await using var app = AppWith("openai");
        using var client = app.CreateHttpClient(Tokens.For("alice"));
        Model.ThenStatus(500).ThenStatus(500).ThenStatus(500);

        using var response = await client.PostJsonAsync("api/alice/chat", new { conversation_id = (Guid?)null, message = "add buy milk" });

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(Model.Requests, Has.Count.EqualTo(3), "the first try and two retries");
        await AssertNothingStoredAsync();
    }

    [Test]
    public async Task ShouldLetAFailedTurnBeRetriedWithTheSameIdempotencyKey()
    {
        await using var app = AppWith("openai");
        using var client = app.CreateHttpClient(Tokens.For("alice"));
        var key = Guid.NewGuid().ToString();
        var body = new { conversation_id = (Guid?)null, message = "add buy milk" };
        Model.ThenToolCalls(("add_task", "{\"title\":\"Buy milk\"}")).ThenStatus(500).ThenStatus(500).ThenStatus(500);

        using var failed = await client.PostJsonAsync("api/alice/chat", body, key);
        await failed.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM idempotency_records"), Is.Zero, "a failure is not remembered");

        Model.ThenToolCalls(("add_task", "{\"title\":\"Buy milk\"}")).ThenText("Added it.");
        using var retried = await client.PostJsonAsync("api/alice/chat", body, key);
        using var replayed = await client.PostJsonAsync("api/alice/chat", body, key);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(retried.Headers.Contains("Idempotent-Replayed"), Is.False, "the retry ran the turn");
            Assert.That(replayed.Headers.GetValues("Idempotent-Replayed"), Is.EqualTo(new[] { "true" }));
            Assert.That((string?)(await replayed.ReadJsonAsync())["response"], Is.EqualTo("Added it."));
            Assert.That(Model.Requests, Has.Count.EqualTo(6), "the replay did not call the model");
            Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks"), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task ShouldUndoToolEffectsWhenTheModelFailsAfterATool()
    {
        await using var app = AppWith("openai");
        using var client = app.CreateHttpClient(Tokens.For("alice"));
        var conversation = await Support.Conversations.CreateAsync("alice");
        Model.ThenToolCalls(("add_task", "{\"title\":\"Buy milk\"}")).ThenStatus(500).ThenStatus(500).ThenStatus(500);

        using var response = await client.PostJsonAsync("api/alice/chat", new { conversation_id = conversation, message = "add buy milk" });

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks"), Is.Zero, "the tool's task was rolled back with the turn");
        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM messages"), Is.Zero, "no unanswered user message to duplicate on retry");
        Assert.That(await Testing.ScalarAsync<int>($"SELECT message_count FROM conversations WHERE id = '{conversation}'"), Is.Zero);

        Model.ThenToolCalls(("add_task", "{\"title\":\"Buy milk\"}")).ThenText("Added it.");
        using var retried = await client.PostJsonAsync("api/alice/chat", new { conversation_id = conversation, message = "add buy milk" });
        Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks"), Is.EqualTo(1), "the retry adds the task once");
        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM messages"), Is.EqualTo(2));
    }

    [Test]
    public async Task ShouldAnswer502WithTheContextTypeWhenTheModelSaysTheContextIsTooLong()
    {
        await using var app = AppWith("openai");
        using var client = app.CreateHttpClient(Tokens.For("alice"));
        Model.ThenError(400, "context_length_exceeded");

        using var response = await client.PostJsonAsync("api/alice/chat", new { conversation_id = (Guid?)null, message = "add buy milk" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadGateway);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)problem["type"], Is.EqualTo("urn:todochat:problem:model-context-too-long"));
            Assert.That((string?)problem["detail"], Does.Contain("context length").And.Not.Contain("Retry-After").And.Not.Contain("again after"));
            Assert.That(response.Headers.RetryAfter, Is.Null, "a permanent refusal does not invite a retry");
            Assert.That(Model.Requests, Has.Count.EqualTo(1), "a 400 is not retried");
        }

        await AssertNothingStoredAsync();
    }

    [TestCase(401, "urn:todochat:problem:model-not-authorized")]
    [TestCase(403, "urn:todochat:problem:model-not-authorized")]
    [TestCase(404, "urn:todochat:problem:model-not-found")]
    [TestCase(400, "urn:todochat:problem:model-rejected-request")]
    public async Task ShouldAnswer502NamingThePermanentCause(int status, string type)
    {
        await using var app = AppWith("openai");
        using var client = app.CreateHttpClient(Tokens.For("alice"));
        Model.ThenStatus(status);

        using var response = await client.PostJsonAsync("api/alice/chat", new { conversation_id = (Guid?)null, message = "hi" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadGateway);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)problem["type"], Is.EqualTo(type));
            Assert.That(response.Headers.RetryAfter, Is.Null);
            Assert.That(Model.Requests, Has.Count.EqualTo(1), "not retried");
        }
    }

    [Test]
    public async Task ShouldGiveUpOnAHangingModelWithin503()
    {
        await using var app = AppWith("openai", new()
        {
            ["Ai:AttemptTimeoutSeconds"] = "1",
            ["Ai:TotalTimeoutSeconds"] = "3",
            ["Ai:MaxRetries"] = "1",
        });
        using var client = app.CreateHttpClient(Tokens.For("alice"));
        Model.ThenHang().ThenHang();

        using var response = await client.PostJsonAsync("api/alice/chat", new { conversation_id = (Guid?)null, message = "add buy milk" });

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.That(response.Headers.RetryAfter, Is.Not.Null);
        await AssertNothingStoredAsync();
    }

    private static async Task AssertNothingStoredAsync()
    {
        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks"), Is.Zero);
        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM messages"), Is.Zero);
        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM conversations"), Is.Zero, "not even the new conversation");
    }

    private TodoChatApp AppWith(string provider, Dictionary<string, string?>? extra = null) => Model.StartService(provider, extra);
}
