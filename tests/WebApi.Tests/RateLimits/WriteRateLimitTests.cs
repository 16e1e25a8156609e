using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.RateLimits;

/// <summary>Api:WritesPerMinute per user, over REST writes and MCP: beyond it 429 with Retry-After, and nothing applied.</summary>
public sealed class WriteRateLimitTests : TestBase
{
    [Test]
    public async Task ShouldAnswer429WithRetryAfterBeyondTheUsersWritesAndApplyNothing()
    {
        await using var app = AppWithWritesPerMinute(3);
        using var alice = app.CreateHttpClient(Tokens.For("alice"));
        using var bob = app.CreateHttpClient(Tokens.For("bob"));
        using var created = await alice.PostJsonAsync("api/alice/tasks", new { title = "one" });
        var id = (int)(await created.ReadJsonAsync())["id"]!;
        (await alice.PutJsonAsync($"api/alice/tasks/{id}", new { title = "two" })).EnsureSuccessStatusCode();
        (await alice.PatchAsync($"api/alice/tasks/{id}/complete", null)).EnsureSuccessStatusCode();

        using var limited = await alice.DeleteAsync($"api/alice/tasks/{id}");
        using var read = await alice.GetAsync("api/alice/tasks");
        using var otherUser = await bob.PostJsonAsync("api/bob/tasks", new { title = "bob's" });

        var problem = await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(limited.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(20)), "a token every 20 s at 3 a minute");
            Assert.That((string?)problem["detail"], Does.Contain("3 changes a minute"));
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK), "reads are not limited");
            Assert.That(otherUser.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the limit is per user");
            Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks WHERE user_id = 'alice'"), Is.EqualTo(1), "the delete was not applied");
        }
    }

    [Test]
    public async Task ShouldCountMcpRequestsAsWrites()
    {
        await using var app = AppWithWritesPerMinute(2);
        using var alice = app.CreateHttpClient(Tokens.For("alice"));
        var conversation = await Support.Conversations.CreateAsync("alice");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 2; i++)
        {
            using var response = await alice.SendAsync(McpRequest());
            statuses.Add(response.StatusCode);
        }

        using var limited = await alice.SendAsync(McpRequest());
        using var delete = await alice.DeleteAsync($"api/alice/conversations/{conversation}");

        Assert.That(statuses, Has.None.EqualTo(HttpStatusCode.TooManyRequests));
        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        await delete.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM conversations"), Is.EqualTo(1));
    }

    /// <summary>On a stopped clock: the bucket refills only when a test advances it, however slow the machine.</summary>
    private static TodoChatApp AppWithWritesPerMinute(int writes) =>
        new(
            Testing.Database.ConnectionString,
            new Dictionary<string, string?> { ["Api:WritesPerMinute"] = writes.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(DateTimeOffset.UtcNow)));

    private static HttpRequestMessage McpRequest()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "mcp")
        {
            Content = JsonContent.Create(new { jsonrpc = "2.0", id = 1, method = "tools/call", @params = new { name = "add_task", arguments = new { title = "from MCP" } } }),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        return request;
    }
}
