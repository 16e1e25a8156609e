using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TodoChat.WebApi.Tests.Support;
using static TodoChat.WebApi.Tests.Support.Conversations;

namespace TodoChat.WebApi.Tests.Chat;

/// <summary>A streamed turn with a real provider's client: the scripted server streams chat.completion.chunk events.</summary>
public sealed class ScriptedChatStreamTests : ScriptedModelTestBase
{
    private const string Chat = "api/alice/chat";

    [Test]
    public async Task ShouldStreamAModelsToolCallDeltasAndTextChunksInOrder()
    {
        await using var app = Model.StartService();
        using var client = app.CreateHttpClient(Tokens.For("alice"));
        Model.ThenToolCalls(("add_task", "{\"title\":\"Buy milk\"}"), ("add_task", "{\"title\":\"Buy eggs\"}")).ThenText("Added Buy milk and Buy eggs.");

        using var stream = await EventStream.ChatAsync(client, Chat, null, "add milk and eggs");
        var events = await stream.ToEndAsync();

        var names = events.Select(e => e.Name).ToList();
        Assert.That(names.Where(n => n != "message.delta"), Is.EqualTo(new[]
        {
            "turn.started", "tool.started", "tool.started", "tool.completed", "tool.completed", "turn.completed",
        }), "the model asks for both calls in one answer; the tools run one after the other");
        Assert.That(names.Count(n => n == "message.delta"), Is.GreaterThan(1));
        Assert.That(Model.Requests.All(r => (bool?)r.Body["stream"] == true), "the provider was asked to stream");
        var completed = events.Where(e => e.Name == "tool.completed").Select(e => e.Data!).ToList();
        Assert.That(completed.Select(c => (string?)c["arguments"]!["title"]), Is.EqualTo(new[] { "Buy milk", "Buy eggs" }), "arguments assembled from their deltas");
        var streamed = string.Concat(events.Where(e => e.Name == "message.delta").Select(e => (string)e.Data!["text"]!));
        Assert.That(streamed, Is.EqualTo("Added Buy milk and Buy eggs."));
        Assert.That((string?)events[^1].Data!["message"]!["content"], Is.EqualTo(streamed));
        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks"), Is.EqualTo(2));
    }

    [Test]
    public async Task ShouldSendEventsBeforeTheModelsLastChunk()
    {
        await using var app = Model.StartService();
        using var client = app.CreateHttpClient(Tokens.For("alice"));
        var lastChunk = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Model.ThenText("Here is a long answer.", lastChunk.Task);

        using var stream = await EventStream.ChatAsync(client, Chat, null, "talk to me");
        var first = await stream.NextAsync();
        var delta = await stream.UntilAsync("message.delta");

        Assert.That(first?.Name, Is.EqualTo("turn.started"));
        Assert.That((string?)delta.Data!["text"], Is.EqualTo("Here"), "a chunk arrives while the model still holds its last (its trailing space waits for the next word)");
        lastChunk.SetResult();
        var events = await stream.ToEndAsync();
        Assert.That(events[^1].Name, Is.EqualTo("turn.completed"));
    }

    [Test]
    public async Task ShouldSendAHeartbeatCommentWhileTheModelIsSilent()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = Model.StartService(
            extra: new() { ["Chat:StreamHeartbeatSeconds"] = "1" },
            services: services => services.AddSingleton<TimeProvider>(clock));
        using var client = app.CreateHttpClient(Tokens.For("alice"));
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Model.Responder = _ => async context =>
        {
            await answer.Task;
            await ScriptedOpenAiServer.TextAnswer("Here I am.")(context);
        };

        using var stream = await EventStream.ChatAsync(client, Chat, null, "are you there?");
        Assert.That((await stream.NextAsync())?.Name, Is.EqualTo("turn.started"));
        clock.Advance(TimeSpan.FromSeconds(1));
        var beat = await stream.NextAsync();
        answer.SetResult();
        var events = await stream.ToEndAsync();

        Assert.That(beat?.Comment, Is.EqualTo("heartbeat"));
        Assert.That(events[^1].Name, Is.EqualTo("turn.completed"));
    }

    [Test]
    public async Task ShouldStoreTheTurnOfAClientThatDisconnectedMidStream()
    {
        await using var app = Model.StartService();
        using var client = app.CreateHttpClient(Tokens.For("alice"));
        var lastChunk = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Model.ThenToolCalls(("add_task", "{\"title\":\"Call mom\"}")).ThenText("Added Call mom.", lastChunk.Task);

        Guid conversation;
        using (var stream = await EventStream.ChatAsync(client, Chat, null, "remind me to call mom"))
        {
            conversation = Guid.Parse((string)(await stream.NextAsync())!.Data!["conversation_id"]!);
            await stream.UntilAsync("message.delta");
        }

        // The client is gone; now the model finishes.
        lastChunk.SetResult();

        var stored = await StoredMessagesAsync(client, conversation);
        Assert.That(stored.Select(m => (string?)m!["content"]), Is.EqualTo(new[] { "remind me to call mom", "Added Call mom." }));
        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks"), Is.EqualTo(1), "its tool's effect was stored with it");
    }

    [Test]
    public async Task ShouldSayTurnRestartedWhenTheConversationChangedWhileTheModelAnswered()
    {
        await using var app = Model.StartService();
        using var client = app.CreateHttpClient(Tokens.For("alice"));
        Model.ThenText("Hello.");
        using var opened = await client.PostJsonAsync(Chat, new { conversation_id = (Guid?)null, message = "hi" });
        var conversation = Guid.Parse((string)(await opened.ReadJsonAsync())["conversation_id"]!);
        var lastChunk = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Model.ThenText("First answer.", lastChunk.Task);

        using var stream = await EventStream.ChatAsync(client, Chat, conversation, "from the stream");
        await stream.UntilAsync("message.delta");

        // Another turn on the same conversation is stored while the streamed one's model still answers.
        Model.ThenText("Other answer.").ThenText("Second answer.");
        (await client.PostJsonAsync(Chat, new { conversation_id = conversation, message = "from elsewhere" })).EnsureSuccessStatusCode();
        lastChunk.SetResult();
        var events = await stream.ToEndAsync();

        var names = events.Select(e => e.Name).ToList();
        Assert.That(names.Count(n => n == "turn.restarted"), Is.EqualTo(1));
        Assert.That((int?)events.Single(e => e.Name == "turn.restarted").Data!["attempt"], Is.EqualTo(2));
        var afterRestart = events.SkipWhile(e => e.Name != "turn.restarted").Where(e => e.Name == "message.delta");
        var streamed = string.Concat(afterRestart.Select(e => (string)e.Data!["text"]!));
        using var history = await client.GetAsync(HistoryUri("alice", conversation));
        var stored = (await history.ReadJsonAsync())["data"]!.AsArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(streamed, Is.EqualTo("Second answer."), "what the run that was stored streamed");
            Assert.That((string?)events[^1].Data!["message"]!["content"], Is.EqualTo(streamed));
            Assert.That((int?)events[^1].Data!["message"]!["seq"], Is.EqualTo(6), "after the other turn's two messages");
            Assert.That(stored.Select(m => (string?)m!["content"]), Is.EqualTo(new[] { "hi", "Hello.", "from elsewhere", "Other answer.", "from the stream", "Second answer." }));
        }
    }

    [Test]
    public async Task ShouldEndWithTurnFailedWhenTheModelFailsMidTurn()
    {
        await using var app = Model.StartService(extra: new() { ["Ai:MaxRetries"] = "0" });
        using var client = app.CreateHttpClient(Tokens.For("alice"));
        Model.ThenToolCalls(("add_task", "{\"title\":\"Call mom\"}")).ThenError(400, "invalid_request");

        using var stream = await EventStream.ChatAsync(client, Chat, null, "remind me to call mom");
        var events = await stream.ToEndAsync();

        Assert.That(events.Select(e => e.Name), Is.EqualTo(new[] { "turn.started", "tool.started", "tool.completed", "turn.failed" }));
        var problem = events[^1].Data!;
        Assert.That((int?)problem["status"], Is.EqualTo(502));
        Assert.That((string?)problem["type"], Does.StartWith("urn:todochat:problem:"));
        Assert.That((string?)problem["traceId"], Is.Not.Null.And.Not.Empty);
        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks"), Is.Zero, "nothing of a failed turn is kept");
        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM messages"), Is.Zero);
    }

    /// <summary>
    /// The conversation's messages once the turn is stored. The turn runs on after the client left, and
    /// its commit is a signal the client cannot get; so the history is read until it shows it (bounded).
    /// </summary>
    private static async Task<System.Text.Json.Nodes.JsonArray> StoredMessagesAsync(HttpClient client, Guid conversation)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            using var history = await client.GetAsync(HistoryUri("alice", conversation));
            if (history.StatusCode == HttpStatusCode.OK && (await history.ReadJsonAsync())["data"]!.AsArray() is { Count: 2 } messages)
            {
                return messages;
            }

            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the turn was not stored");
            await Task.Delay(25);
        }
    }
}
