using System.Net;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Chat;

/// <summary>
/// Two turns of one user that update the same two tasks in opposite order, held at the model until
/// both have made their first change: the classic deadlock when turns held row locks across the model.
/// Now their changes are staged and written in id order at commit: the first to commit wins, the other
/// finds the tasks it read changed and runs again, and both succeed, never a 500.
/// </summary>
public sealed class ChatDeadlockTests : ScriptedModelTestBase
{
    [Test]
    public async Task ShouldRetryATurnPostgreSqlPicksAsADeadlockVictimAndSucceedBoth()
    {
        await using var app = Model.StartService();
        using var client = app.CreateHttpClient(Tokens.For("alice"));
        await TaskRows.InsertAsync("alice", 2);
        var ids = await TaskRows.IdsAsync("alice");
        var firstChanges = new CountdownEvent(2);
        var bothChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Model.Responder = request =>
        {
            var (first, second) = request.LastUserMessage == "forward" ? (ids[0], ids[1]) : (ids[1], ids[0]);
            var name = request.LastUserMessage!;
            return request.ToolResults switch
            {
                0 => ScriptedOpenAiServer.ToolCallsAnswer(("update_task", $"{{\"task_id\":{first},\"title\":\"{name} first\"}}")),
                1 => async context =>
                {
                    // Both turns hold their first task's row before either asks for the other's.
                    if (!bothChanged.Task.IsCompleted && firstChanges.Signal())
                    {
                        bothChanged.TrySetResult();
                    }

                    await bothChanged.Task;
                    await ScriptedOpenAiServer.ToolCallsAnswer(("update_task", $"{{\"task_id\":{second},\"title\":\"{name} second\"}}"))(context);
                },
                _ => ScriptedOpenAiServer.TextAnswer($"{name} done"),
            };
        };

        var turns = await Task.WhenAll(
            client.PostJsonAsync("api/alice/chat", new { conversation_id = (Guid?)null, message = "forward" }),
            client.PostJsonAsync("api/alice/chat", new { conversation_id = (Guid?)null, message = "backward" }));

        using (Assert.EnterMultipleScope())
        {
            foreach (var turn in turns)
            {
                Assert.That(turn.StatusCode, Is.EqualTo(HttpStatusCode.OK), await turn.Content.ReadAsStringAsync());
            }

            Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM messages"), Is.EqualTo(4), "each turn stored once");
            Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM conversations"), Is.EqualTo(2));
        }

        turns.DisposeAll();
    }
}
