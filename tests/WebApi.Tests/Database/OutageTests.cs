using System.Net;
using Npgsql;
using TodoChat.WebApi.Tests.Support;
using static TodoChat.WebApi.Tests.Support.Conversations;

namespace TodoChat.WebApi.Tests.Database;

/// <summary>
/// The service reaches the database through a loopback relay that the test cuts and restores: a
/// stopped database, then a restarted one whose old connections are dead in the pool.
/// </summary>
public sealed class OutageTests : TestBase
{
    private TcpProxy _proxy = null!;
    private TodoChatApp _app = null!;

    [SetUp]
    public void StartServiceBehindProxy()
    {
        var direct = new NpgsqlConnectionStringBuilder(Testing.Database.ConnectionString);
        _proxy = new TcpProxy(direct.Host!, direct.Port);
        _proxy.Start();
        var throughProxy = new NpgsqlConnectionStringBuilder(direct.ConnectionString) { Host = "127.0.0.1", Port = _proxy.Port };
        _app = new TodoChatApp(throughProxy.ConnectionString, new Dictionary<string, string?>
        {
            ["Database:Pool:ConnectTimeoutSeconds"] = "2",
        });
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _app.DisposeAsync();
        await _proxy.DisposeAsync();
    }

    [Test]
    public async Task ShouldAnswer503WithRetryAfterWhileTheDatabaseIsDownAndRecover()
    {
        using var client = _app.CreateHttpClient(Tokens.For("alice"));
        using var anonymous = _app.CreateHttpClient();
        (await client.PostJsonAsync("api/alice/tasks", new { title = "before the outage" })).EnsureSuccessStatusCode();

        _proxy.Stop();

        using (var read = await client.GetAsync("api/alice/tasks"))
        {
            await read.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.That(read.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        }

        using (var write = await client.PostJsonAsync("api/alice/tasks", new { title = "during the outage" }))
        {
            await write.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.That(write.Headers.RetryAfter, Is.Not.Null);
        }

        using (var ready = await anonymous.GetAsync("health/ready"))
        {
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        }

        using (var health = await anonymous.GetAsync("health"))
        {
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That((string?)(await health.ReadJsonAsync())["status"], Is.EqualTo("unhealthy"));
        }

        using (var live = await anonymous.GetAsync("health/live"))
        {
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the process itself still answers");
        }

        _proxy.Start();

        using var after = await client.GetAsync("api/alice/tasks");
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the first request after the database is back succeeds");
        var titles = (await after.ReadJsonAsync())["data"]!.AsArray().Select(t => (string?)t!["title"]);
        Assert.That(titles, Is.EqualTo(new[] { "before the outage" }), "nothing half-written during the outage");
        using var readyAgain = await anonymous.GetAsync("health/ready");
        Assert.That(readyAgain.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task ShouldNotFailTheFirstRequestAfterPooledConnectionsDied()
    {
        using var client = _app.CreateHttpClient(Tokens.For("alice"));

        // Fill the pool with several idle connections, then kill them all behind its back.
        await Task.WhenAll(Enumerable.Range(0, 5).Select(async _ =>
        {
            using var response = await client.GetAsync("api/alice/tasks");
            response.EnsureSuccessStatusCode();
        }));
        _proxy.DropConnections();

        using var read = await client.GetAsync("api/alice/tasks");
        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK), await read.Content.ReadAsStringAsync());

        _proxy.DropConnections();
        using var write = await client.PostJsonAsync("api/alice/tasks", new { title = "after a restart" });
        Assert.That(write.StatusCode, Is.EqualTo(HttpStatusCode.Created), await write.Content.ReadAsStringAsync());
        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks"), Is.EqualTo(1), "written exactly once");
    }

    [Test]
    public async Task ShouldNotServeHistoryFromMemoryWhileTheDatabaseIsUnreachable()
    {
        var id = await CreateConversationAsync();
        using var client = _app.CreateHttpClient(Tokens.For("alice"));
        var tag = string.Empty;
        for (var i = 0; i < 2; i++)
        {
            using var warm = await client.GetAsync($"api/alice/conversations/{id}/messages");
            warm.EnsureSuccessStatusCode();
            tag = warm.Headers.ETag!.ToString();
        }

        _proxy.Stop();

        // The messages are in memory, but whether they are still current is the database's to say.
        using (var read = await client.GetAsync($"api/alice/conversations/{id}/messages"))
        {
            await read.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.That(read.Headers.RetryAfter, Is.Not.Null);
        }

        using (var request = new HttpRequestMessage(HttpMethod.Get, $"api/alice/conversations/{id}/messages"))
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", tag);
            using var revalidation = await client.SendAsync(request);
            await revalidation.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        }

        _proxy.Start();

        using var after = await client.GetAsync($"api/alice/conversations/{id}/messages");
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task ShouldReadHistoryOnAFreshConnectionWhenPooledOnesDied()
    {
        var id = await CreateConversationAsync();
        using var client = _app.CreateHttpClient(Tokens.For("alice"));
        await Task.WhenAll(Enumerable.Range(0, 5).Select(async _ =>
        {
            using var response = await client.GetAsync($"api/alice/conversations/{id}/messages");
            response.EnsureSuccessStatusCode();
        }));
        _proxy.DropConnections();

        using var read = await client.GetAsync($"api/alice/conversations/{id}/messages");
        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK), await read.Content.ReadAsStringAsync());
        Assert.That(Seqs(await read.ReadJsonAsync()), Is.EqualTo(new[] { 1, 2 }));
    }

    private async Task<Guid> CreateConversationAsync()
    {
        using var client = _app.CreateHttpClient(Tokens.For("alice"));
        using var chat = await client.PostJsonAsync("api/alice/chat", new { message = "add buy milk" });
        chat.EnsureSuccessStatusCode();
        return Guid.Parse((string)(await chat.ReadJsonAsync())["conversation_id"]!);
    }
}
