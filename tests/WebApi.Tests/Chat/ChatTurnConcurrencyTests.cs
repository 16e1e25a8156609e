using System.Net;
using System.Text.Json.Nodes;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Chat;

/// <summary>
/// ADR-012: a turn holds no database connection while the model thinks. Its tools stage their changes,
/// one short transaction commits them with the messages, and a turn whose reads changed meanwhile runs
/// again. Turns are held at the model by signals; one test lets the model take its time, as a hosted one does.
/// </summary>
public sealed class ChatTurnConcurrencyTests : ScriptedModelTestBase
{
    private const string AppName = "turn-concurrency-tests";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Test]
    public async Task ShouldHoldNoConnectionWhileFortyTurnsWaitForTheModelOnAPoolOfEight()
    {
        await using var app = Model.StartService(extra: SmallPool());
        using var alice = app.CreateHttpClient(Tokens.For("alice"));
        await TaskRows.InsertAsync("alice", 3);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Model.Responder = request => request.ToolResults switch
        {
            // Each turn reads the tasks first, then waits at the model with its reads in hand.
            0 => ScriptedOpenAiServer.ToolCallsAnswer(("list_tasks", "{}")),
            _ => async context =>
            {
                await release.Task.WaitAsync(Patience);
                await ScriptedOpenAiServer.TextAnswer("You have 3 tasks.")(context);
            },
        };

        var turns = Enumerable.Range(0, 40).Select(_ => ChatTurns.SendAsync(alice, "alice", "what do I have?")).ToList();
        await Model.ReceivedAsync(80).WaitAsync(Patience);

        var inTransaction = await Testing.ScalarAsync<long>($"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{AppName}' AND state LIKE 'idle in transaction%'");
        var busy = await Testing.ScalarAsync<long>($"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{AppName}' AND state <> 'idle'");
        release.SetResult();
        var answers = await Task.WhenAll(turns);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Model.MostAnsweringAtOnce, Is.EqualTo(40), "all forty turns were at the model at once, five times the pool");
            Assert.That(inTransaction, Is.Zero, "no transaction is open while the model thinks");
            Assert.That(busy, Is.Zero, "no connection is in use while the model thinks");
            Assert.That(answers.Select(a => a.StatusCode), Has.All.EqualTo(HttpStatusCode.OK));
            Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM messages WHERE user_id = 'alice'"), Is.EqualTo(80));
        }

        answers.DisposeAll();
    }

    [Test]
    public async Task ShouldKeepAnotherUsersReadsUnderASecondAndTheirTurnWorkingWhileOneUserSendsFortyTurnsToASlowModel()
    {
        // No per-user cap here: the point is what forty turns at a slow model cost everyone else.
        await using var app = Model.StartService(extra: SmallPool());
        using var alice = app.CreateHttpClient(Tokens.For("alice"));
        using var bob = app.CreateHttpClient(Tokens.For("bob"));
        var bobsConversation = await Support.Conversations.SeedAsync("bob", 60);
        Model.AnswerDelay = TimeSpan.FromSeconds(2);
        Model.Responder = _ => ScriptedOpenAiServer.TextAnswer("Noted.");

        var flood = Enumerable.Range(0, 40).Select(_ => ChatTurns.SendAsync(alice, "alice", "think about it")).ToList();
        await Model.ReceivedAsync(40).WaitAsync(Patience);

        // Measured while the forty are at the model (two seconds each).
        var readP99 = await bob.P99ReadTimeAsync(30, "api/bob/tasks", $"api/bob/conversations/{bobsConversation}/messages?limit=50");

        using var bobsTurn = await ChatTurns.SendAsync(bob, "bob", "hi");
        var answers = await Task.WhenAll(flood);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(readP99, Is.LessThan(TimeSpan.FromSeconds(1)), "p99 of the other user's reads");
            Assert.That(bobsTurn.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the other user's own turn goes through");
            Assert.That(answers.Select(a => a.StatusCode), Has.All.EqualTo(HttpStatusCode.OK), "every one of the forty is answered");
            Assert.That(Model.MostAnsweringAtOnce, Is.GreaterThan(8), "more turns at the model at once than the pool has connections");
        }

        answers.DisposeAll();
    }

    [Test]
    public async Task ShouldLetLaterToolsSeeEarlierOnesWhileNothingIsStoredUntilTheTurnCommits()
    {
        await using var app = Model.StartService();
        using var alice = app.CreateHttpClient(Tokens.For("alice"));
        var held = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Model.Responder = request => request.ToolResults switch
        {
            0 => ScriptedOpenAiServer.ToolCallsAnswer(("add_task", "{\"title\":\"Buy milk\"}")),
            1 => ScriptedOpenAiServer.ToolCallsAnswer(("complete_task", $"{{\"task_id\":{(int)request.LastToolResult!["task_id"]!}}}")),
            2 => ScriptedOpenAiServer.ToolCallsAnswer(("list_tasks", "{\"status\":\"completed\"}")),
            _ => async context =>
            {
                held.TrySetResult(request.LastToolResult!);
                await release.Task.WaitAsync(Patience);
                await ScriptedOpenAiServer.TextAnswer("Added and done.")(context);
            },
        };

        var turn = ChatTurns.SendAsync(alice, "alice", "add buy milk, and I did it already");
        var listed = await held.Task.WaitAsync(Patience);
        var storedMeanwhile = await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks");
        release.SetResult();
        using var answer = await turn;

        var listedTask = listed["tasks"]!.AsArray().Single()!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(storedMeanwhile, Is.Zero, "nothing is written while the turn runs");
            Assert.That((bool)listedTask["completed"]!, Is.True, "list_tasks sees the task added and completed earlier in the turn");
            Assert.That(((int)listed["total"]!, (int)listed["completed"]!, (int)listed["pending"]!), Is.EqualTo((1, 1, 0)));
            Assert.That(
                await Testing.ScalarAsync<string>("SELECT id || ' ' || title || ' ' || completed FROM tasks"),
                Is.EqualTo($"{(int)listedTask["id"]!} Buy milk true"),
                "stored once, under the id the model was told");
        }
    }

    [Test]
    public async Task ShouldRunATurnAgainWhenATaskItReadIsChangedWhileTheModelThinks()
    {
        await using var app = Model.StartService();
        var (id, turn) = await RenameWhileTheAppRenamesAsync(app);
        using var answer = turn;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK), await answer.Content.ReadAsStringAsync());
            Assert.That(Model.Requests.Count(r => r.ToolResults == 0), Is.EqualTo(2), "the turn ran again from fresh reads");
            Assert.That(await Testing.ScalarAsync<string>($"SELECT title FROM tasks WHERE id = {id}"), Is.EqualTo("from chat"), "the rerun applied on top of the app's change");
            Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM messages"), Is.EqualTo(2), "the turn is stored once");
            Assert.That(await Testing.ScalarAsync<int>("SELECT jsonb_array_length(tool_calls) FROM messages WHERE role = 'assistant'"), Is.EqualTo(1), "with the calls of the run that committed");
        }
    }

    [Test]
    public async Task ShouldAnswer503AndApplyNothingWhenWhatATurnReadKeepsChanging()
    {
        await using var app = Model.StartService(extra: new() { ["Chat:TurnAttempts"] = "1" });
        var (id, turn) = await RenameWhileTheAppRenamesAsync(app);
        using var answer = turn;

        await answer.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(answer.Headers.RetryAfter?.Delta, Is.Not.Null);
            Assert.That(await Testing.ScalarAsync<string>($"SELECT title FROM tasks WHERE id = {id}"), Is.EqualTo("from the app"), "the turn's change was not applied");
            Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM conversations"), Is.Zero, "nor its conversation");
        }
    }

    [Test]
    public async Task ShouldCommitTwoTurnsOnOneConversationInOrderTheLaterAnsweringTheEarlier()
    {
        await using var app = Model.StartService();
        using var alice = app.CreateHttpClient(Tokens.For("alice"));
        var conversation = await Support.Conversations.CreateAsync("alice");
        var bothAtModel = new CountdownEvent(2);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstCalls = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        Model.Responder = request => async context =>
        {
            var message = request.LastUserMessage!;
            if (firstCalls.AddOrUpdate(message, 1, (_, n) => n + 1) == 1)
            {
                // Both turns have read the empty history before either answers.
                bothAtModel.Signal();
                await release.Task.WaitAsync(Patience);
            }

            await ScriptedOpenAiServer.TextAnswer($"answer to {message}")(context);
        };

        var one = ChatTurns.SendAsync(alice, "alice", "one", conversation);
        var two = ChatTurns.SendAsync(alice, "alice", "two", conversation);
        await Task.Run(() => bothAtModel.Wait(Patience));
        release.SetResult();
        var answers = await Task.WhenAll(one, two);

        var rows = await Testing.ScalarAsync<string>($"SELECT string_agg(seq || ':' || role || ':' || content, ' | ' ORDER BY seq) FROM messages WHERE conversation_id = '{conversation}'");
        var rerun = Model.Requests.Last();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(answers.Select(a => a.StatusCode), Has.All.EqualTo(HttpStatusCode.OK));
            Assert.That(
                rows,
                Is.EqualTo("1:user:one | 2:assistant:answer to one | 3:user:two | 4:assistant:answer to two")
                    .Or.EqualTo("1:user:two | 2:assistant:answer to two | 3:user:one | 4:assistant:answer to one"),
                "each turn's pair is stored together, once");
            Assert.That(Model.Requests, Has.Count.EqualTo(3), "the turn that committed second ran again");
            Assert.That(rerun.Messages.Count(m => m.Role == "user"), Is.EqualTo(2), "and answered the history with the other turn in it");
        }

        answers.DisposeAll();
    }

    [Test]
    public async Task ShouldApplyTwoTurnsWithOneIdempotencyKeyAtTheSameTimeOnce()
    {
        await using var app = Model.StartService();
        using var alice = app.CreateHttpClient(Tokens.For("alice"));
        var key = Guid.NewGuid().ToString();
        var bothAtModel = new CountdownEvent(2);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Model.Responder = request => request.ToolResults switch
        {
            0 => ScriptedOpenAiServer.ToolCallsAnswer(("add_task", "{\"title\":\"Buy milk\"}")),
            _ => async context =>
            {
                bothAtModel.Signal();
                await release.Task.WaitAsync(Patience);
                await ScriptedOpenAiServer.TextAnswer("Added it.")(context);
            },
        };

        var body = new { conversation_id = (Guid?)null, message = "add buy milk" };
        var first = alice.PostJsonAsync("api/alice/chat", body, key);
        var second = alice.PostJsonAsync("api/alice/chat", body, key);
        await Task.Run(() => bothAtModel.Wait(Patience));
        release.SetResult();
        var answers = await Task.WhenAll(first, second);
        var bodies = await Task.WhenAll(answers.Select(a => a.Content.ReadAsStringAsync()));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(answers.Select(a => a.StatusCode), Has.All.EqualTo(HttpStatusCode.OK));
            Assert.That(bodies[0], Is.EqualTo(bodies[1]), "both answer the turn that committed");
            Assert.That(answers.Count(a => a.Headers.Contains("Idempotent-Replayed")), Is.EqualTo(1));
            Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks"), Is.EqualTo(1), "the task is added once");
            Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM messages"), Is.EqualTo(2), "the turn is stored once");
        }

        answers.DisposeAll();
    }

    private static Dictionary<string, string?> SmallPool() => new()
    {
        ["ConnectionStrings:TodoChat"] = Testing.Database.ConnectionString + $";Application Name={AppName}",
        ["Database:Pool:MaxSize"] = "8",
        ["Database:Pool:MinSize"] = "0",
    };

    /// <summary>
    /// Alice's one task, renamed by a turn to "from chat" and, while that turn waits at the model after
    /// its tool ran, by the app to "from the app". A rerun of the turn is answered at once. Returns the
    /// task's id and the turn's answer.
    /// </summary>
    private async Task<(int TaskId, HttpResponseMessage Answer)> RenameWhileTheAppRenamesAsync(TodoChatApp app)
    {
        using var alice = app.CreateHttpClient(Tokens.For("alice"));
        await TaskRows.InsertAsync("alice", 1);
        var taskId = (await TaskRows.IdsAsync("alice")).Single();
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Model.Responder = request => request.ToolResults switch
        {
            0 => ScriptedOpenAiServer.ToolCallsAnswer(("update_task", $"{{\"task_id\":{taskId},\"title\":\"from chat\"}}")),
            _ => async context =>
            {
                if (held.TrySetResult())
                {
                    await release.Task.WaitAsync(Patience);
                }

                await ScriptedOpenAiServer.TextAnswer("Renamed.")(context);
            },
        };

        var turn = ChatTurns.SendAsync(alice, "alice", "rename it");
        await held.Task.WaitAsync(Patience);
        using (var put = await alice.PutJsonAsync($"api/alice/tasks/{taskId}", new { title = "from the app" }))
        {
            Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        release.SetResult();
        return (taskId, await turn);
    }
}
