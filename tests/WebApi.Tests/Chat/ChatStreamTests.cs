using System.Net;
using System.Text.Json.Nodes;
using TodoChat.WebApi.Tests.Support;
using static TodoChat.WebApi.Tests.Support.Conversations;

namespace TodoChat.WebApi.Tests.Chat;

/// <summary>A chat turn as Server-Sent Events with the builtin agent (ADR-014).</summary>
public sealed class ChatStreamTests : TestBase
{
    private const string Chat = "api/alice/chat";

    [Test]
    public async Task ShouldStreamATurnWithTwoToolCallsInOrderAndStoreExactlyWhatItStreamed()
    {
        using var client = ClientFor("alice");
        (await client.PostJsonAsync("api/alice/tasks", new { title = "Buy groceries" })).Dispose();

        using var stream = await EventStream.ChatAsync(client, Chat, null, "I finished the groceries one");
        var events = await stream.ToEndAsync();

        Assert.That(stream.Response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(stream.Response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/event-stream"));
        Assert.That(stream.Response.Headers.GetValues("X-Accel-Buffering"), Is.EqualTo(new[] { "no" }));
        Assert.That(stream.Response.Content.Headers.ContentEncoding, Is.Empty, "never compressed: a compressor would hold events back");
        var names = events.Select(e => e.Name).ToList();
        Assert.That(names.Where(n => n != "message.delta"), Is.EqualTo(new[]
        {
            "turn.started", "tool.started", "tool.completed", "tool.started", "tool.completed", "turn.completed",
        }));
        Assert.That(names.SkipWhile(n => n != "message.delta").TakeWhile(n => n == "message.delta").Count(), Is.GreaterThan(1), "the reply comes in several chunks");
        Assert.That(names.IndexOf("message.delta"), Is.GreaterThan(names.LastIndexOf("tool.completed")));
        Assert.That(events.Select(e => int.Parse(e.Id!)), Is.Ordered.Ascending.And.Unique);

        var started = events[0].Data!;
        var completed = events[^1].Data!;
        var conversation = Guid.Parse((string)started["conversation_id"]!);
        var tools = events.Where(e => e.Name == "tool.completed").Select(e => e.Data!).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(tools.Select(t => (string?)t["tool"]), Is.EqualTo(new[] { "list_tasks", "complete_task" }));
            Assert.That((int?)tools[1]["arguments"]!["task_id"], Is.Not.Null);
            Assert.That((string?)tools[1]["result"]!["status"], Is.Not.Null);
            Assert.That((string?)events[1].Data!["call_id"], Is.EqualTo((string?)events[2].Data!["call_id"]));
            Assert.That((Guid?)completed["conversation_id"], Is.EqualTo(conversation));
            Assert.That((int?)completed["message"]!["seq"], Is.EqualTo(2));
            Assert.That((string?)completed["message"]!["role"], Is.EqualTo("assistant"));
            Assert.That(completed["tool_calls"]!.AsArray(), Has.Count.EqualTo(2));
        }

        var streamed = string.Concat(events.Where(e => e.Name == "message.delta").Select(e => (string)e.Data!["text"]!));
        using var history = await client.GetAsync(HistoryUri("alice", conversation));
        var stored = (await history.ReadJsonAsync())["data"]!.AsArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)completed["message"]!["content"], Is.EqualTo(streamed));
            Assert.That((string?)stored[1]!["content"], Is.EqualTo(streamed), "what is stored is exactly what was streamed");
            Assert.That(streamed, Does.Contain("Buy groceries"));
            Assert.That((string?)completed["etag"], Is.EqualTo(await ETagOfAsync(client, $"api/alice/conversations/{conversation}")));
        }
    }

    [Test]
    public async Task ShouldSendTheFirstEventWithinFiftyMilliseconds()
    {
        using var client = ClientFor("alice");
        using (var warm = await EventStream.ChatAsync(client, Chat, null, "add warm up"))
        {
            await warm.ToEndAsync();
        }

        var firsts = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            using var stream = await EventStream.ChatAsync(client, Chat, null, "what's left on my list?");
            var first = await stream.NextAsync();
            Assert.That(first?.Name, Is.EqualTo("turn.started"));
            firsts.Add(first!.At);
            await stream.ToEndAsync();
        }

        firsts.Sort();
        Assert.That(firsts[2], Is.LessThan(TimeSpan.FromMilliseconds(50)), $"the median of five; all: {string.Join(", ", firsts.Select(f => f.TotalMilliseconds))} ms");
    }

    [Test]
    public async Task ShouldReplayAStoredTurnAsAStreamForTheSameIdempotencyKey()
    {
        using var client = ClientFor("alice");
        var key = Guid.NewGuid().ToString();
        using var first = await EventStream.ChatAsync(client, Chat, null, "add buy milk", key);
        var live = await first.ToEndAsync();

        using var again = await EventStream.ChatAsync(client, Chat, null, "add buy milk", key);
        var replayed = await again.ToEndAsync();

        Assert.That(again.Response.Headers.GetValues("Idempotent-Replayed"), Is.EqualTo(new[] { "true" }));
        Assert.That(replayed.Select(e => e.Name).Distinct(), Is.EqualTo(new[] { "turn.started", "tool.started", "tool.completed", "message.delta", "turn.completed" }));
        Assert.That(replayed[^1].Data!.ToJsonString(), Is.EqualTo(live[^1].Data!.ToJsonString()), "the same stored message, seq and ETag");
        Assert.That(string.Concat(replayed.Where(e => e.Name == "message.delta").Select(e => (string)e.Data!["text"]!)), Is.EqualTo((string?)live[^1].Data!["message"]!["content"]));
        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks"), Is.EqualTo(1), "applied once");
        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM messages"), Is.EqualTo(2));
    }

    [Test]
    public async Task ShouldAnswerErrorsFoundBeforeTheTurnStartsAsOrdinaryProblems()
    {
        using var client = ClientFor("alice");

        using var unknown = await EventStream.ChatAsync(client, Chat, Guid.NewGuid(), "hello");
        await unknown.Response.AssertProblemAsync(HttpStatusCode.NotFound);

        using var empty = await EventStream.ChatAsync(client, Chat, null, "   ");
        await empty.Response.AssertProblemAsync(HttpStatusCode.BadRequest, "message");

        using var reused = await EventStream.ChatAsync(client, Chat, null, "add a", "key-1");
        await reused.ToEndAsync();
        using var other = await EventStream.ChatAsync(client, Chat, null, "add b", "key-1");
        await other.Response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
    }
}
