using System.Net;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Quotas;

/// <summary>
/// What one chat turn may do: Api:ToolCallsPerTurn tool calls and Api:ReplyCharactersPerTurn stored
/// characters. Beyond them 422 with the limit's problem type, and nothing of the turn is kept.
/// </summary>
public sealed class TurnQuotaTests : ScriptedModelTestBase
{
    [Test]
    public async Task ShouldFailATurnOfFiftyOneToolCallsAndKeepNothing()
    {
        using var client = ClientFor("alice");
        var titles = Enumerable.Range(1, 51).Select(i => $"t{i}").ToList();

        using var refused = await client.PostJsonAsync("api/alice/chat", new { conversation_id = (Guid?)null, message = $"add {string.Join(", ", titles[..^1])} and {titles[^1]}" });
        using var allowed = await client.PostJsonAsync("api/alice/chat", new { conversation_id = (Guid?)null, message = $"add {string.Join(", ", titles[..49])} and {titles[49]}" });

        var problem = await refused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)problem["type"], Is.EqualTo("urn:todochat:problem:tool-call-limit"));
            Assert.That((string?)problem["detail"], Does.Contain("50 times"));
            Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.OK), "fifty is allowed");
            Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks"), Is.EqualTo(50), "only the allowed turn's tasks");
            Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM conversations"), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task ShouldCountToolCallsAcrossTheModelsRounds()
    {
        await using var app = Model.StartService(extra: new() { ["Api:ToolCallsPerTurn"] = "2" });
        using var client = app.CreateHttpClient(Tokens.For("alice"));
        Model.ThenToolCalls(("add_task", "{\"title\":\"a\"}"))
             .ThenToolCalls(("add_task", "{\"title\":\"b\"}"))
             .ThenToolCalls(("add_task", "{\"title\":\"c\"}"))
             .ThenText("Done.");

        using var response = await client.PostJsonAsync("api/alice/chat", new { conversation_id = (Guid?)null, message = "add a, b and c" });

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks"), Is.Zero);
    }

    [Test]
    public async Task ShouldRefuseAReplyLargerThanMayBeStoredAndKeepNothing()
    {
        await using var app = Model.StartService(extra: new() { ["Api:ReplyCharactersPerTurn"] = "2000" });
        using var client = app.CreateHttpClient(Tokens.For("alice"));
        var description = new string('d', 1_200);
        Model.ThenToolCalls(("add_task", $"{{\"title\":\"Long\",\"description\":\"{description}\"}}")).ThenText(new string('r', 700));
        var key = Guid.NewGuid().ToString();

        using var response = await client.PostJsonAsync("api/alice/chat", new { conversation_id = (Guid?)null, message = "add a long one" }, key);

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)problem["type"], Is.EqualTo("urn:todochat:problem:reply-too-large"), "1,200 characters in the tool's arguments and 700 in the reply, with their JSON: over 2,000");
            Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks"), Is.Zero, "the tool's task rolled back");
            Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM messages"), Is.Zero);
            Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM idempotency_records"), Is.Zero);
        }
    }

    [Test]
    public async Task ShouldStoreAReplyJustWithinTheCap()
    {
        await using var app = Model.StartService(extra: new() { ["Api:ReplyCharactersPerTurn"] = "2000" });
        using var client = app.CreateHttpClient(Tokens.For("alice"));
        Model.ThenText(new string('r', 1_700));

        using var response = await client.PostJsonAsync("api/alice/chat", new { conversation_id = (Guid?)null, message = "talk" }, Guid.NewGuid().ToString());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await Testing.ScalarAsync<int>("SELECT length(response) FROM idempotency_records"), Is.LessThanOrEqualTo(2_000));
    }

    [TestCase("{\"task_id\":99999999999}")]
    [TestCase("{\"task_id\":\"abc\"}")]
    [TestCase("{\"task_id\":1.5}")]
    [TestCase("{}")]
    [TestCase("{\"task_id\":1,\"title\":[1]}")]
    public async Task ShouldAnswerArgumentsThatDoNotBindAsAResultNotAFailedTurn(string arguments)
    {
        await using var app = Model.StartService();
        using var client = app.CreateHttpClient(Tokens.For("alice"));
        Model.ThenToolCalls(("update_task", arguments)).ThenText("Sorry, that did not work.");

        using var response = await client.PostJsonAsync("api/alice/chat", new { conversation_id = (Guid?)null, message = "rename it" });

        var turn = await response.ReadJsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), turn.ToJsonString());
        Assert.That((string?)turn["tool_calls"]![0]!["result"]!["status"], Is.EqualTo("invalid"));
    }
}
