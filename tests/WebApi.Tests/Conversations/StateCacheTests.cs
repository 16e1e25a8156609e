using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using TodoChat.WebApi.Tests.Support;
using static TodoChat.WebApi.Tests.Support.Conversations;

namespace TodoChat.WebApi.Tests.Conversations;

/// <summary>
/// The conversation state cache answers revalidations from memory, and no answer is ever older than
/// this instance's own writes or, beyond the notification's delay, anyone else's.
/// </summary>
public sealed class StateCacheTests : TestBase
{
    private const string User = "alice";

    [SetUp]
    public Task WaitForTheCacheAsync() => StateCache.WaitUntilAsync(Testing.App, "on");

    [Test]
    public async Task ShouldAnswerARevalidationFromMemory()
    {
        var id = await SeedAsync(User, 3);
        using var client = ClientFor(User);
        var tag = await ETagOfAsync(client, HistoryUri(User, id));

        // Changed behind the service's back, with the change notification switched off: only a cached
        // state can still match the old tag. (This is what makes the tests below able to fail.)
        await using (await StateCache.TriggerOffAsync())
        {
            await Testing.ScalarAsync<int>($"WITH u AS (UPDATE conversations SET message_count = message_count + 1 WHERE id = '{id}' RETURNING 1) SELECT count(*)::int FROM u");
        }

        using var revalidation = await RevalidateAsync(client, id, tag);
        Assert.That(revalidation.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
    }

    [Test]
    public async Task ShouldSeeAChangeMadeByAnotherWriterSoonAfterItCommits()
    {
        var id = await SeedAsync(User, 3);
        using var client = ClientFor(User);
        var tag = await ETagOfAsync(client, HistoryUri(User, id));
        using (var cached = await RevalidateAsync(client, id, tag))
        {
            Assert.That(cached.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        }

        // Another instance, a script or psql: the trigger notifies every listening instance.
        await Testing.ScalarAsync<int>($"WITH u AS (UPDATE conversations SET message_count = message_count + 1 WHERE id = '{id}' RETURNING 1) SELECT count(*)::int FROM u");

        var watch = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            using var response = await RevalidateAsync(client, id, tag);
            status = response.StatusCode;
        }
        while (status == HttpStatusCode.NotModified && watch.Elapsed < TimeSpan.FromSeconds(10));

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), "the other writer's change was noticed");
    }

    [Test]
    public async Task ShouldShowTheInstancesOwnChatTurnAtOnce()
    {
        using var client = ClientFor(User);
        using var first = await client.PostJsonAsync($"api/{User}/chat", new { message = "add buy milk" });
        var id = Guid.Parse((string)(await first.ReadJsonAsync())["conversation_id"]!);

        // Local eviction alone must do it: the notification is switched off.
        await using (await StateCache.TriggerOffAsync())
        {
            for (var turn = 1; turn <= 5; turn++)
            {
                var tag = await ETagOfAsync(client, HistoryUri(User, id));
                using var chat = await client.PostJsonAsync($"api/{User}/chat", new { conversation_id = id, message = "show my tasks" });
                chat.EnsureSuccessStatusCode();

                using var history = await RevalidateAsync(client, id, tag);
                Assert.That(history.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"turn {turn}");
                Assert.That((await history.ReadJsonAsync())["data"]!.AsArray(), Has.Count.EqualTo(2 + (turn * 2)));
                Assert.That(history.Headers.ETag?.ToString(), Is.EqualTo(chat.Headers.ETag?.ToString()), "the turn's tag is the history's tag");
            }
        }
    }

    [Test]
    public async Task ShouldShowTheInstancesOwnAppendAndDeleteAtOnce()
    {
        var id = await SeedAsync(User, 2);
        using var client = ClientFor(User);

        await using (await StateCache.TriggerOffAsync())
        {
            var tag = await ETagOfAsync(client, HistoryUri(User, id));
            await AppendAsync(User, id, "one more");
            using (var appended = await RevalidateAsync(client, id, tag))
            {
                Assert.That(appended.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            }

            await ETagOfAsync(client, HistoryUri(User, id));
            using (var delete = await client.DeleteAsync($"api/{User}/conversations/{id}"))
            {
                Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            }

            using var gone = await client.GetAsync(HistoryUri(User, id));
            await gone.AssertProblemAsync(HttpStatusCode.NotFound);
        }
    }

    [Test]
    public async Task ShouldAnswerAnotherUserNotFoundFromACachedState()
    {
        var id = await SeedAsync(User, 2);
        using var alice = ClientFor(User);
        var tag = await ETagOfAsync(alice, HistoryUri(User, id));
        using var bob = ClientFor("bob");

        using var response = await RevalidateAsync(bob, id, tag, "bob");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private static Task<HttpResponseMessage> RevalidateAsync(HttpClient client, Guid id, string tag, string user = User)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, HistoryUri(user, id));
        request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(tag));
        return client.SendAsync(request);
    }
}
