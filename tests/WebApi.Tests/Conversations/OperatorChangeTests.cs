using System.Net;
using TodoChat.WebApi.Tests.Support;
using static TodoChat.WebApi.Tests.Support.Conversations;

namespace TodoChat.WebApi.Tests.Conversations;

/// <summary>
/// Messages are immutable to the API, not to an operator: a redaction or an erasure done in SQL shows
/// on the next read of every instance, even where the messages were held in memory, and changes the ETag.
/// </summary>
public sealed class OperatorChangeTests : TwoInstancesTestBase
{
    private const string User = "alice";

    [Test]
    public async Task ShouldShowARedactionOnEveryInstance()
    {
        var id = await SeedAsync(User, 120);
        var tags = await WarmBothAsync(id);

        Assert.That(await Testing.ExecuteAsync($"UPDATE messages SET content = '[redacted]' WHERE conversation_id = '{id}' AND seq = 7"), Is.EqualTo(1));

        foreach (var (client, tag) in Clients().Zip(tags))
        {
            using (client)
            {
                using var page = await client.GetAsync(HistoryUri(User, id, "?limit=100"));
                var data = (await page.ReadJsonAsync())["data"]!.AsArray();
                Assert.That((string?)data[6]!["content"], Is.EqualTo("[redacted]"));
                Assert.That(page.Headers.ETag?.ToString(), Is.Not.EqualTo(tag), "the redaction changes the tag");

                using var revalidation = await RevalidateAsync(client, HistoryUri(User, id, "?limit=100"), tag);
                Assert.That(revalidation.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a copy from before the redaction is not current");
            }
        }
    }

    [Test]
    public async Task ShouldShowAnErasureOnEveryInstance()
    {
        var id = await SeedAsync(User, 120);
        await WarmBothAsync(id);

        Assert.That(await Testing.ExecuteAsync($"DELETE FROM messages WHERE conversation_id = '{id}' AND seq IN (3, 60)"), Is.EqualTo(2));

        foreach (var client in Clients())
        {
            using (client)
            {
                using var page = await client.GetAsync(HistoryUri(User, id, "?limit=100"));
                var seqs = Seqs(await page.ReadJsonAsync());
                Assert.That(seqs, Does.Not.Contain(3).And.Not.Contain(60));
                Assert.That(seqs, Has.Length.EqualTo(98));

                using var newest = await client.GetAsync(HistoryUri(User, id, "?order=desc&offset=60&limit=1"));
                Assert.That(Seqs(await newest.ReadJsonAsync()), Is.Empty, "seq 60 is gone from a newest-first page too");
            }
        }
    }

    [Test]
    public async Task ShouldShowAMessageRestoredAfterAnErasure()
    {
        var id = await SeedAsync(User, 100);
        var backup = await Testing.ScalarAsync<string>($"SELECT content FROM messages WHERE conversation_id = '{id}' AND seq = 10");
        Assert.That(await Testing.ExecuteAsync($"DELETE FROM messages WHERE conversation_id = '{id}' AND seq = 10"), Is.EqualTo(1));
        await WarmBothAsync(id);

        Assert.That(
            await Testing.ExecuteAsync(
                $"INSERT INTO messages (id, conversation_id, user_id, seq, role, content, created_at) " +
                $"SELECT gen_random_uuid(), '{id}', '{User}', 10, 'assistant', '{backup}', created_at FROM messages WHERE conversation_id = '{id}' AND seq = 9"),
            Is.EqualTo(1));

        foreach (var client in Clients())
        {
            using (client)
            {
                using var page = await client.GetAsync(HistoryUri(User, id, "?limit=50"));
                Assert.That(Seqs(await page.ReadJsonAsync()), Is.EqualTo(Enumerable.Range(1, 50)));
            }
        }
    }

    [Test]
    public async Task ShouldServeAllMessagesAfterTheMessagesTableIsEmptied()
    {
        var id = await SeedAsync(User, 60);
        await WarmBothAsync(id);

        await Testing.ExecuteAsync("TRUNCATE messages");

        foreach (var client in Clients())
        {
            using (client)
            {
                using var page = await client.GetAsync(HistoryUri(User, id));
                Assert.That(Seqs(await page.ReadJsonAsync()), Is.Empty);
            }
        }
    }

    private IEnumerable<HttpClient> Clients() =>
        [Testing.App.CreateHttpClient(Tokens.For(User)), B.CreateHttpClient(Tokens.For(User))];

    /// <summary>Both instances read the whole conversation once, so they hold it in memory; returns each one's tag.</summary>
    private async Task<List<string>> WarmBothAsync(Guid id)
    {
        var tags = new List<string>();
        foreach (var client in Clients())
        {
            using (client)
            {
                tags.Add(await ETagOfAsync(client, HistoryUri(User, id, "?limit=100")));
                using var again = await client.GetAsync(HistoryUri(User, id, "?limit=100"));
                again.EnsureSuccessStatusCode();
            }
        }

        return tags;
    }
}
