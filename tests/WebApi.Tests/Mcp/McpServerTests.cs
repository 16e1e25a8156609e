using System.Net;
using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Mcp;

/// <summary>The MCP server at /mcp, driven by the MCP C# SDK's own client over streamable HTTP.</summary>
public sealed class McpServerTests : TestBase
{
    [Test]
    public async Task ShouldListTheFiveTaskTools()
    {
        await using var client = await ConnectAsync("alice");

        var tools = await client.ListToolsAsync();

        Assert.That(tools.Select(t => t.Name), Is.EquivalentTo(new[] { "add_task", "list_tasks", "complete_task", "delete_task", "update_task" }));
        var update = tools.Single(t => t.Name == "update_task").JsonSchema.GetRawText();
        Assert.That(update, Does.Contain("task_id").And.Contain("title").And.Not.Contain("user"));
        Assert.That(tools.All(t => !string.IsNullOrWhiteSpace(t.Description)), Is.True);
    }

    [Test]
    public async Task ShouldCallEachToolAsTheTokensUser()
    {
        await using var client = await ConnectAsync("alice");

        var added = await CallAsync(client, "add_task", new() { ["title"] = "Buy milk", ["description"] = "2 litres" });
        var id = added.GetProperty("task_id").GetInt32();
        var listed = await CallAsync(client, "list_tasks", new() { ["status"] = "pending" });
        var updated = await CallAsync(client, "update_task", new() { ["task_id"] = id, ["title"] = "Buy oat milk" });
        var completed = await CallAsync(client, "complete_task", new() { ["task_id"] = id });
        var done = await CallAsync(client, "list_tasks", new() { ["status"] = "completed" });
        var deleted = await CallAsync(client, "delete_task", new() { ["task_id"] = id });
        var missing = await CallAsync(client, "delete_task", new() { ["task_id"] = id });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(added.GetProperty("status").GetString(), Is.EqualTo("created"));
            Assert.That(added.GetProperty("title").GetString(), Is.EqualTo("Buy milk"));
            Assert.That(listed.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("title").GetString()), Is.EqualTo(new[] { "Buy milk" }));
            Assert.That(listed.GetProperty("tasks")[0].GetProperty("completed").GetBoolean(), Is.False);
            Assert.That((listed.GetProperty("total").GetInt32(), listed.GetProperty("pending").GetInt32(), listed.GetProperty("more").GetInt32()), Is.EqualTo((1, 1, 0)));
            Assert.That(updated.GetProperty("status").GetString(), Is.EqualTo("updated"));
            Assert.That(updated.GetProperty("title").GetString(), Is.EqualTo("Buy oat milk"));
            Assert.That(completed.GetProperty("status").GetString(), Is.EqualTo("completed"));
            Assert.That(done.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetInt32()), Is.EqualTo(new[] { id }));
            Assert.That(deleted.GetProperty("status").GetString(), Is.EqualTo("deleted"));
            Assert.That(missing.GetProperty("status").GetString(), Is.EqualTo("not_found"), "a missing task is a result, not a failure");
        }

        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks"), Is.Zero);
    }

    [Test]
    public async Task ShouldNotReachAnotherUsersTasks()
    {
        using var bob = ClientFor("bob");
        using var created = await bob.PostJsonAsync("api/bob/tasks", new { title = "Bob's" });
        var bobsTask = (int)(await created.ReadJsonAsync())["id"]!;
        await using var alice = await ConnectAsync("alice");

        var deleted = await CallAsync(alice, "delete_task", new() { ["task_id"] = bobsTask });
        var listed = await CallAsync(alice, "list_tasks", new());

        Assert.That(deleted.GetProperty("status").GetString(), Is.EqualTo("not_found"));
        Assert.That(listed.GetProperty("tasks").GetArrayLength(), Is.Zero);
        Assert.That(listed.GetProperty("total").GetInt32(), Is.Zero, "bob's task is not counted either");
        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks"), Is.EqualTo(1));
    }

    [Test]
    public async Task ShouldRejectCallsWithoutAValidToken()
    {
        using var anonymous = AnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "mcp")
        {
            Content = new StringContent("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");

        using var response = await anonymous.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That(response.Headers.WwwAuthenticate.Select(h => h.Scheme), Does.Contain("Bearer"));
        var refused = Assert.CatchAsync(async () => await (await ConnectAsync("alice", Tokens.Unsigned("alice"))).DisposeAsync());
        Assert.That(refused!.ToString(), Does.Contain("401").Or.Contain("Unauthorized"), "the SDK client is turned away for the token, not for anything else");
    }

    private static async Task<McpClient> ConnectAsync(string userId, string? token = null)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(Testing.App.BaseAddress, "mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {token ?? Tokens.For(userId)}" },
        });
        return await McpClient.CreateAsync(transport);
    }

    private static async Task<JsonElement> CallAsync(McpClient client, string tool, Dictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(tool, arguments);
        Assert.That(result.IsError, Is.Not.True, $"{tool} failed: {string.Join(" ", result.Content.OfType<TextContentBlock>().Select(c => c.Text))}");
        var text = result.Content.OfType<TextContentBlock>().Single().Text;
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
