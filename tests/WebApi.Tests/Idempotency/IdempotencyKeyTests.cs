using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TodoChat.Application.Common.Idempotency;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Infrastructure.Persistence.Idempotency;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on POST /tasks and POST /chat: a request sent again with its key is applied
/// once and answered as the first time; a key is the user's own and stands for one request.
/// </summary>
public sealed class IdempotencyKeyTests : TestBase
{
    private const string User = "alice";

    [Test]
    public async Task ShouldAddATaskOnceAndAnswerARetryAsTheFirstTime()
    {
        using var client = ClientFor(User);
        var key = Guid.NewGuid().ToString();

        using var first = await client.PostJsonAsync($"api/{User}/tasks", new { title = "Buy milk" }, key);
        using var again = await client.PostJsonAsync($"api/{User}/tasks", new { title = "Buy milk" }, key);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(first.Headers.Contains("Idempotent-Replayed"), Is.False);
            Assert.That(again.Headers.GetValues("Idempotent-Replayed"), Is.EqualTo(new[] { "true" }));
            Assert.That(again.Headers.Location, Is.EqualTo(first.Headers.Location));
            Assert.That((await again.ReadJsonAsync()).ToJsonString(), Is.EqualTo((await first.ReadJsonAsync()).ToJsonString()));
            Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks"), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task ShouldAddTwoTasksForTwoRequestsWithoutAKey()
    {
        using var client = ClientFor(User);

        (await client.PostJsonAsync($"api/{User}/tasks", new { title = "Buy milk" })).EnsureSuccessStatusCode();
        (await client.PostJsonAsync($"api/{User}/tasks", new { title = "Buy milk" })).EnsureSuccessStatusCode();

        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks"), Is.EqualTo(2));
    }

    [Test]
    public async Task ShouldApplyAChatTurnOnceAndAnswerARetryAsTheFirstTime()
    {
        using var client = ClientFor(User);
        var key = Guid.NewGuid().ToString();
        var body = new { conversation_id = (Guid?)null, message = "add buy milk" };

        using var first = await client.PostJsonAsync($"api/{User}/chat", body, key);
        using var again = await client.PostJsonAsync($"api/{User}/chat", body, key);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(again.Headers.GetValues("Idempotent-Replayed"), Is.EqualTo(new[] { "true" }));
            Assert.That(again.Headers.ETag, Is.EqualTo(first.Headers.ETag));
            Assert.That(again.Headers.CacheControl?.NoStore, Is.True);
            Assert.That((await again.ReadJsonAsync()).ToJsonString(), Is.EqualTo((await first.ReadJsonAsync()).ToJsonString()));
            Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM conversations"), Is.EqualTo(1));
            Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM messages"), Is.EqualTo(2));
            Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks"), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task ShouldApplyConcurrentDuplicatesOnce()
    {
        using var client = ClientFor(User);
        var key = Guid.NewGuid().ToString();
        var body = new { conversation_id = (Guid?)null, message = "add buy milk" };

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.PostJsonAsync($"api/{User}/chat", body, key)));
        var conversations = new HashSet<string>();
        foreach (var response in responses)
        {
            using (response)
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
                conversations.Add((string)(await response.ReadJsonAsync())["conversation_id"]!);
            }
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(conversations, Has.Count.EqualTo(1), "every duplicate answered with the one turn that was applied");
            Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM conversations"), Is.EqualTo(1));
            Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks"), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task ShouldRefuseAKeyReusedForADifferentRequest()
    {
        using var client = ClientFor(User);
        var key = Guid.NewGuid().ToString();
        (await client.PostJsonAsync($"api/{User}/tasks", new { title = "Buy milk" }, key)).EnsureSuccessStatusCode();

        using var otherTitle = await client.PostJsonAsync($"api/{User}/tasks", new { title = "Buy bread" }, key);
        using var otherOperation = await client.PostJsonAsync($"api/{User}/chat", new { conversation_id = (Guid?)null, message = "add buy milk" }, key);

        await otherTitle.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await otherOperation.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.That(await Testing.ScalarAsync<string>("SELECT string_agg(title, ',') FROM tasks"), Is.EqualTo("Buy milk"));
        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM conversations"), Is.Zero);
    }

    [Test]
    public async Task ShouldKeepKeysApartBetweenUsers()
    {
        var key = Guid.NewGuid().ToString();
        using var alice = ClientFor(User);
        using var bob = ClientFor("bob");

        using var fromAlice = await alice.PostJsonAsync($"api/{User}/tasks", new { title = "Buy milk" }, key);
        using var fromBob = await bob.PostJsonAsync("api/bob/tasks", new { title = "Buy milk" }, key);

        Assert.That(fromBob.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(fromBob.Headers.Contains("Idempotent-Replayed"), Is.False, "bob's key is his own");
        Assert.That(await Testing.ScalarAsync<string>("SELECT string_agg(user_id, ',' ORDER BY user_id) FROM tasks"), Is.EqualTo("alice,bob"));
    }

    [Test]
    public async Task ShouldForgetAKeyAfterTwentyFourHours()
    {
        using var client = ClientFor(User);
        var key = Guid.NewGuid().ToString();
        (await client.PostJsonAsync($"api/{User}/tasks", new { title = "Buy milk" }, key)).EnsureSuccessStatusCode();
        await Testing.ScalarAsync<int>("WITH u AS (UPDATE idempotency_records SET created_at = now() - interval '25 hours' RETURNING 1) SELECT count(*)::int FROM u");

        using var later = await client.PostJsonAsync($"api/{User}/tasks", new { title = "Buy bread" }, key);

        Assert.That(later.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(later.Headers.Contains("Idempotent-Replayed"), Is.False);
        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks"), Is.EqualTo(2));
        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM idempotency_records"), Is.EqualTo(1));
    }

    [Test]
    public async Task ShouldReplaceAnExpiredRecordOnceWhenTwoRequestsFindItExpired()
    {
        // B finds the expired record; before B goes on, A (the same request, retried) finds it too,
        // replaces it and commits. B must then answer A's outcome, not delete A's record and apply again.
        var race = new ExpiryRace();
        await using var app = new TodoChatApp(Testing.Database.ConnectionString, services: race.Install);
        using var client = app.CreateHttpClient(Tokens.For(User));
        var key = Guid.NewGuid().ToString();
        (await client.PostJsonAsync($"api/{User}/tasks", new { title = "Buy milk" }, key)).EnsureSuccessStatusCode();
        await Testing.ScalarAsync<int>("WITH u AS (UPDATE idempotency_records SET created_at = now() - interval '25 hours' RETURNING 1) SELECT count(*)::int FROM u");
        HttpResponseMessage? first = null;
        race.Arm(async () => first = await client.PostJsonAsync($"api/{User}/tasks", new { title = "Buy milk" }, key));

        using var second = await client.PostJsonAsync($"api/{User}/tasks", new { title = "Buy milk" }, key);

        using (first)
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first?.StatusCode, Is.EqualTo(HttpStatusCode.Created), "A ran");
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(second.Headers.Contains("Idempotent-Replayed"), Is.True, "B answered A's outcome");
            Assert.That((int)(await second.ReadJsonAsync())["id"]!, Is.EqualTo((int)(await first!.ReadJsonAsync())["id"]!));
            Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks"), Is.EqualTo(2), "the first task and A's, not B's as well");
            Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM idempotency_records WHERE created_at > now() - interval '1 hour'"), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task ShouldSweepRecordsOlderThanTheirRetentionAndKeepTheRest()
    {
        using var client = ClientFor(User);
        (await client.PostJsonAsync($"api/{User}/tasks", new { title = "old" }, "old-key")).EnsureSuccessStatusCode();
        (await client.PostJsonAsync($"api/{User}/tasks", new { title = "new" }, "new-key")).EnsureSuccessStatusCode();
        await Testing.ScalarAsync<int>("WITH u AS (UPDATE idempotency_records SET created_at = now() - interval '25 hours' WHERE key = 'old-key' RETURNING 1) SELECT count(*)::int FROM u");

        var deleted = await Testing.App.Services.GetRequiredService<IdempotencySweeper>().SweepAsync(CancellationToken.None);

        Assert.That(deleted, Is.EqualTo(1));
        Assert.That(await Testing.ScalarAsync<string>("SELECT string_agg(key, ',') FROM idempotency_records"), Is.EqualTo("new-key"));
    }

    [TestCase("")]
    [TestCase("has space")]
    [TestCase("two, keys")]
    [TestCase("tab\tinside")]
    public async Task ShouldRefuseAMalformedKey(string key)
    {
        using var client = ClientFor(User);

        using var response = await client.PostJsonAsync($"api/{User}/tasks", new { title = "Buy milk" }, key);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "Idempotency-Key" }));
        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks"), Is.Zero);
    }

    [Test]
    public async Task ShouldRefuseAKeyLongerThan255Characters()
    {
        using var client = ClientFor(User);

        using var response = await client.PostJsonAsync($"api/{User}/chat", new { conversation_id = (Guid?)null, message = "hi" }, new string('k', 256));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM conversations"), Is.Zero);
    }

    /// <summary>Runs a competing request the first time a request finds an expired record, before that request goes on.</summary>
    private sealed class ExpiryRace
    {
        private Func<Task>? _competitor;

        public void Arm(Func<Task> competitor) => _competitor = competitor;

        public void Install(IServiceCollection services)
        {
            var original = services.Single(d => d.ServiceType == typeof(IIdempotencyStore));
            services.Remove(original);
            services.AddScoped<IIdempotencyStore>(sp => new Store((IIdempotencyStore)ActivatorUtilities.CreateInstance(sp, original.ImplementationType!), this));
        }

        private sealed class Store(IIdempotencyStore inner, ExpiryRace race) : IIdempotencyStore
        {
            public async Task<IdempotencyRecord?> FindAsync(string userId, string key, CancellationToken cancellationToken)
            {
                var record = await inner.FindAsync(userId, key, cancellationToken);
                if (record is not null
                    && record.CreatedAt < DateTimeOffset.UtcNow - IdempotencyKeys.Retention
                    && Interlocked.Exchange(ref race._competitor, null) is { } competitor)
                {
                    await competitor();
                }

                return record;
            }

            public Task RecordAsync(IdempotencyRecord record, CancellationToken cancellationToken) => inner.RecordAsync(record, cancellationToken);

            public Task ForgetExpiredAsync(string userId, string key, DateTimeOffset expiredBefore, CancellationToken cancellationToken) =>
                inner.ForgetExpiredAsync(userId, key, expiredBefore, cancellationToken);
        }
    }
}
