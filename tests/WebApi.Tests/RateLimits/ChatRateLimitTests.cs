using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.RateLimits;

/// <summary>
/// Api:ChatTurnsPerMinute per user: beyond it, 429 with Retry-After, and nothing stored. The service's
/// clock is a fake, so however long the turns take, the bucket refills only when the test says so.
/// </summary>
public sealed class ChatRateLimitTests : TestBase
{
    [Test]
    public async Task ShouldAnswer429WithRetryAfterBeyondTheUsersLimitAndStoreNothing()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new TodoChatApp(
            Testing.Database.ConnectionString,
            new Dictionary<string, string?> { ["Api:ChatTurnsPerMinute"] = "3" },
            services => services.AddSingleton<TimeProvider>(clock));
        using var alice = app.CreateHttpClient(Tokens.For("alice"));
        using var bob = app.CreateHttpClient(Tokens.For("bob"));

        for (var i = 0; i < 3; i++)
        {
            using var allowed = await alice.PostJsonAsync("api/alice/chat", new { message = $"add task {i}" });
            Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"turn {i + 1} of 3");
        }

        using var limited = await alice.PostJsonAsync("api/alice/chat", new { message = "add one too many" });
        using var otherUser = await bob.PostJsonAsync("api/bob/chat", new { message = "add buy milk" });

        var problem = await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(limited.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(20)), "a token every 20 s at 3 a minute");
            Assert.That((string?)problem["detail"], Does.Contain("3 chat messages a minute"));
            Assert.That(otherUser.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the limit is per user");
            Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks WHERE user_id = 'alice'"), Is.EqualTo(3));
            Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM conversations WHERE user_id = 'alice'"), Is.EqualTo(3));
        }

        clock.Advance(TimeSpan.FromSeconds(19));
        using (var stillLimited = await alice.PostJsonAsync("api/alice/chat", new { message = "add almost" }))
        {
            Assert.That(stillLimited.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(stillLimited.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(1)));
        }

        clock.Advance(TimeSpan.FromSeconds(1));
        using var refilled = await alice.PostJsonAsync("api/alice/chat", new { message = "add after the wait" });
        Assert.That(refilled.StatusCode, Is.EqualTo(HttpStatusCode.OK), "one token back after Retry-After");
    }

    [Test]
    public async Task ShouldNotLimitOtherEndpoints()
    {
        await using var app = new TodoChatApp(Testing.Database.ConnectionString, new Dictionary<string, string?> { ["Api:ChatTurnsPerMinute"] = "1" });
        using var alice = app.CreateHttpClient(Tokens.For("alice"));

        for (var i = 0; i < 5; i++)
        {
            using var response = await alice.PostJsonAsync("api/alice/tasks", new { title = $"task {i}" });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }
    }
}
