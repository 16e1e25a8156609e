using System.Net;
using System.Text.Json.Nodes;
using TodoChat.WebApi.Tests.Support;
using static TodoChat.WebApi.Tests.Support.Conversations;

namespace TodoChat.WebApi.Tests.Conversations;

/// <summary>
/// Two instances of the service on one database, as behind a load balancer: a client that got a write's
/// answer from one instance sees that write in every later read on the other, with or without the ETag
/// it was given, and whether or not the reading instance is busy and has the conversation in memory.
/// </summary>
public sealed class ScaleOutReadTests : TwoInstancesTestBase
{
    private const string User = "alice";
    private const int Trials = 40;

    [Test]
    public async Task ShouldShowEveryChatTurnThroughAOnTheNextReadThroughB()
    {
        using var a = Testing.App.CreateHttpClient(Tokens.For(User));
        using var b = B.CreateHttpClient(Tokens.For(User));
        Assert.That(await WriteThenReadAsync(a, b, Trials), Is.Empty);
    }

    [Test]
    public async Task ShouldShowEveryChatTurnThroughAOnTheNextReadThroughBWhileBIsUnderLoad()
    {
        // Other conversations keep B's pool and caches busy for as long as the trials run.
        var others = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            others.Add(await SeedAsync("bob", 120));
        }

        using var stop = new CancellationTokenSource();
        var load = Task.WhenAll(Enumerable.Range(0, 8).Select(worker => LoadAsync(B, others, worker, stop.Token)));
        try
        {
            using var a = Testing.App.CreateHttpClient(Tokens.For(User));
            using var b = B.CreateHttpClient(Tokens.For(User));
            Assert.That(await WriteThenReadAsync(a, b, Trials), Is.Empty);
        }
        finally
        {
            await stop.CancelAsync();
        }

        Assert.That(await load, Is.All.GreaterThan(0), "every load worker read pages meanwhile");
    }

    [Test]
    public async Task ShouldShowAnAppendOnAConversationBHasInMemory()
    {
        var id = await SeedAsync(User, 100);
        using var a = Testing.App.CreateHttpClient(Tokens.For(User));
        using var b = B.CreateHttpClient(Tokens.For(User));

        // B keeps the whole conversation in memory, then A appends to it.
        var tag = await ETagOfAsync(b, HistoryUri(User, id, "?limit=100"));
        using var turn = await a.PostJsonAsync($"api/{User}/chat", new { conversation_id = id, message = "add water the plants" });
        turn.EnsureSuccessStatusCode();

        using var page = await b.GetAsync(HistoryUri(User, id, "?limit=1000"));
        Assert.That(Seqs(await page.ReadJsonAsync()), Is.EqualTo(Enumerable.Range(1, 102)));
        Assert.That(page.Headers.ETag?.ToString(), Is.EqualTo(turn.Headers.ETag?.ToString()).And.Not.EqualTo(tag));
    }

    [Test]
    public async Task ShouldAnswerNotFoundOnBOnceADeleteThroughACommitted()
    {
        var id = await SeedAsync(User, 60);
        using var a = Testing.App.CreateHttpClient(Tokens.For(User));
        using var b = B.CreateHttpClient(Tokens.For(User));
        var tag = await ETagOfAsync(b, HistoryUri(User, id));

        using (var delete = await a.DeleteAsync($"api/{User}/conversations/{id}"))
        {
            Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        using var plain = await b.GetAsync(HistoryUri(User, id));
        await plain.AssertProblemAsync(HttpStatusCode.NotFound);
        using var revalidation = await RevalidateAsync(b, HistoryUri(User, id), tag);
        await revalidation.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    /// <summary>The trials in which B missed the turn A had just answered; empty when B never did.</summary>
    private static async Task<List<string>> WriteThenReadAsync(HttpClient a, HttpClient b, int trials)
    {
        var misses = new List<string>();
        Guid? conversation = null;
        for (var turn = 1; turn <= trials; turn++)
        {
            using var chat = await a.PostJsonAsync($"api/{User}/chat", new { conversation_id = conversation, message = "what's on my list?" });
            chat.EnsureSuccessStatusCode();
            conversation = Guid.Parse((string)(await chat.ReadJsonAsync())["conversation_id"]!);
            var tag = chat.Headers.ETag?.ToString();
            var newest = HistoryUri(User, conversation.Value, "?order=desc&limit=1");

            using var plain = await b.GetAsync(newest);
            var seqs = plain.StatusCode == HttpStatusCode.OK ? Seqs(await plain.ReadJsonAsync()) : [];
            if (seqs is not [var seq] || seq != 2 * turn || plain.Headers.ETag?.ToString() != tag)
            {
                misses.Add($"turn {turn}: plain read {(int)plain.StatusCode} with seqs [{string.Join(',', seqs)}] and tag {plain.Headers.ETag}");
            }

            using var revalidation = await RevalidateAsync(b, newest, tag!);
            if (revalidation.StatusCode != HttpStatusCode.NotModified)
            {
                misses.Add($"turn {turn}: revalidation with A's tag answered {(int)revalidation.StatusCode}");
            }
        }

        return misses;
    }

    private static async Task<int> LoadAsync(TodoChatApp app, List<Guid> conversations, int worker, CancellationToken stop)
    {
        using var client = app.CreateHttpClient(Tokens.For("bob"));
        var reads = 0;
        for (var i = worker; !stop.IsCancellationRequested && reads < 100_000; i++)
        {
            try
            {
                using var response = await client.GetAsync(HistoryUri("bob", conversations[i % conversations.Count], $"?offset={i % 70}&limit=50"), stop);
                response.EnsureSuccessStatusCode();
                reads++;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
        }

        return reads;
    }
}
