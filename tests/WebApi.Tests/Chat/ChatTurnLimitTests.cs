using System.Net;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Chat;

/// <summary>
/// Turns held at the model by a signal, never by time: one user gets at most
/// <c>Chat:MaxConcurrentTurnsPerUser</c> at once (429), the instance at most <c>Chat:MaxTurnsInFlight</c> (503).
/// </summary>
public sealed class ChatTurnLimitTests : ScriptedModelTestBase
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _holding;
    private int _expectedHolds;

    [Test]
    public async Task ShouldAnswer429WithRetryAfterToAUsersThirdTurnWhileOtherUsersAreServed()
    {
        await using var app = Model.StartService(extra: new() { ["Chat:MaxConcurrentTurnsPerUser"] = "2", ["Chat:BusyRetryAfterSeconds"] = "4" });
        using var alice = app.CreateHttpClient(Tokens.For("alice"));
        using var bob = app.CreateHttpClient(Tokens.For("bob"));
        HoldTurns(2);
        var held = new[] { ChatTurns.SendAsync(alice, "alice", "hold"), ChatTurns.SendAsync(alice, "alice", "hold") };
        await _held.Task.WaitAsync(Patience);

        using var third = await ChatTurns.SendAsync(alice, "alice", "one more");
        using var other = await ChatTurns.SendAsync(bob, "bob", "hi");

        var problem = await third.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)problem["type"], Is.EqualTo("urn:todochat:problem:too-many-concurrent-turns"));
            Assert.That(third.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(4)));
            Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.OK), "another user is not held up");
        }

        _release.SetResult();
        foreach (var turn in await Task.WhenAll(held))
        {
            Assert.That(turn.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            turn.Dispose();
        }

        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM messages"), Is.EqualTo(6), "the refused turn stored nothing");
    }

    [Test]
    public async Task ShouldKeepAnotherUsersReadsFastAndTheirTurnWorkingWhileOneUserFloodsASlowModel()
    {
        // The shipped defaults: the scenario, with a model that does not answer until released.
        await using var app = Model.StartService(extra: new() { ["Chat:MaxConcurrentTurnsPerUser"] = "2" });
        using var alice = app.CreateHttpClient(Tokens.For("alice"));
        using var bob = app.CreateHttpClient(Tokens.For("bob"));
        var bobsConversation = await Support.Conversations.CreateAsync("bob", "mine");
        HoldTurns(2);
        var flood = Enumerable.Range(0, 40).Select(_ => ChatTurns.SendAsync(alice, "alice", "hold")).ToList();
        await _held.Task.WaitAsync(Patience);

        var readP99 = await bob.P99ReadTimeAsync(50, "api/bob/tasks", $"api/bob/conversations/{bobsConversation}/messages");

        using var bobsTurn = await ChatTurns.SendAsync(bob, "bob", "hi");
        Assert.That(bobsTurn.StatusCode, Is.EqualTo(HttpStatusCode.OK), "another user's own turn goes through");

        _release.SetResult();
        var answers = await Task.WhenAll(flood);
        var statuses = answers.GroupBy(r => r.StatusCode).ToDictionary(g => g.Key, g => g.Count());
        answers.DisposeAll();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(readP99, Is.LessThan(TimeSpan.FromSeconds(1)), "p99 of the other user's reads");
            Assert.That(statuses, Is.EquivalentTo(new Dictionary<HttpStatusCode, int> { [HttpStatusCode.OK] = 2, [HttpStatusCode.TooManyRequests] = 38 }));
        }
    }

    [Test]
    public async Task ShouldAnswer503WithRetryAfterWhenTheInstanceRunsAllTheTurnsItMay()
    {
        await using var app = Model.StartService(extra: new()
        {
            ["Chat:MaxTurnsInFlight"] = "1",
            ["Chat:TurnQueueMilliseconds"] = "0",
            ["Chat:BusyRetryAfterSeconds"] = "4",
        });
        using var alice = app.CreateHttpClient(Tokens.For("alice"));
        using var bob = app.CreateHttpClient(Tokens.For("bob"));
        HoldTurns(1);
        var held = ChatTurns.SendAsync(alice, "alice", "hold");
        await _held.Task.WaitAsync(Patience);

        using var refused = await ChatTurns.SendAsync(bob, "bob", "hi");
        using var read = await bob.GetAsync("api/bob/tasks");

        await refused.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(refused.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(4)));
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK), "reads are not turns");
        }

        _release.SetResult();
        using var done = await held;
        Assert.That(done.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    /// <summary>Turns whose message is "hold" wait at the model until released; the rest are answered at once.</summary>
    private void HoldTurns(int count)
    {
        // One fixture instance serves every test of the class: each starts from fresh signals.
        _expectedHolds = count;
        _holding = 0;
        _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Model.Responder = request =>
        {
            if (request.LastUserMessage != "hold")
            {
                return ScriptedOpenAiServer.TextAnswer("ok");
            }

            return async context =>
            {
                if (Interlocked.Increment(ref _holding) == _expectedHolds)
                {
                    _held.TrySetResult();
                }

                await _release.Task.WaitAsync(Patience);
                await ScriptedOpenAiServer.TextAnswer("held and answered")(context);
            };
        };
    }
}
