using System.Diagnostics;
using System.Net;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Replicas;

/// <summary>
/// The primary dies and the standby is promoted (as Patroni or a managed service would): the service,
/// given both hosts with <c>Target Session Attributes=primary</c>, finds the new primary by itself and
/// writes resume within its connect timeout; meanwhile writes are 503s with Retry-After, never 500s.
/// </summary>
[Category("Replication")]
public sealed class FailoverTests
{
    [Test]
    public async Task ShouldResumeWritesOnThePromotedStandbyWithinTheConnectTimeout()
    {
        await using var cluster = await ReplicatedPostgres.StartAsync();
        var bothHosts = $"Host=127.0.0.1:{cluster.PrimaryPort},127.0.0.1:{cluster.StandbyPort};Database={ReplicatedPostgres.DatabaseName};" +
            $"Username={ReplicatedPostgres.User};Target Session Attributes=primary;Host Recheck Seconds=1;Timeout=2";
        await using var app = new TodoChatApp(bothHosts);
        using var client = app.CreateHttpClient(Tokens.For("alice"));
        using (var before = await client.PostJsonAsync("api/alice/chat", new { conversation_id = (Guid?)null, message = "add renew the passport" }))
        {
            Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        await cluster.CaughtUpAsync();
        await cluster.StopPrimaryAsync();
        using (var during = await client.PostJsonAsync("api/alice/tasks", new { title = "while nobody is primary" }))
        {
            await during.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.That(during.Headers.RetryAfter, Is.Not.Null);
        }

        await cluster.PromoteStandbyAsync();
        var promoted = Stopwatch.GetTimestamp();
        HttpStatusCode status;
        var attempts = 0;
        do
        {
            attempts++;
            using var write = await client.PostJsonAsync("api/alice/tasks", new { title = $"after the promotion {attempts}" });
            status = write.StatusCode;
            Assert.That(status, Is.EqualTo(HttpStatusCode.Created).Or.EqualTo(HttpStatusCode.ServiceUnavailable), "a 503 until the new primary is found, never a 500");
        }
        while (status != HttpStatusCode.Created && Stopwatch.GetElapsedTime(promoted) < TimeSpan.FromSeconds(30));

        var resumedAfter = Stopwatch.GetElapsedTime(promoted);
        await TestContext.Out.WriteLineAsync($"Writes resumed {resumedAfter.TotalMilliseconds:N0} ms after the promotion, at attempt {attempts}.");
        using var tasks = await client.GetAsync("api/alice/tasks");
        var titles = (await tasks.ReadJsonAsync())["data"]!.AsArray().Select(t => (string?)t!["title"]).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(resumedAfter, Is.LessThan(TimeSpan.FromSeconds(2 + 1 + 2)), "within the connect timeout (2 s) and the host recheck (1 s), with room for the machine");
            Assert.That(titles, Has.Some.Contains("passport"), "what the old primary had committed and replicated is there");
            Assert.That(titles, Has.Some.StartsWith("after the promotion"));
        }
    }
}
