using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Scale;

/// <summary>
/// An account of 200,000 tasks: a page costs what a page costs, not what the account holds, in time
/// and in memory (the process's allocation counter, /diagnostics/allocations), and the other users
/// are still served while it is listed.
/// </summary>
[Category("Scale")]
public sealed class LargeAccountTests : TestBase
{
    private const int Tasks = 200_000;
    private const long PageAllocationBudget = 8L * 1024 * 1024; // a page of 1,000 takes about 2 MiB; all 200,000 would take hundreds

    [Test]
    public async Task ShouldListAPageOfTwoHundredThousandTasksInBoundedTimeAndMemory()
    {
        await TaskRows.InsertAsync("big", Tasks, completedEvery: 1_000);
        await Testing.ExecuteAsync("ANALYZE tasks"); // as autovacuum would soon: the planner knows the table is large
        await using var app = new TodoChatApp(Testing.Database.ConnectionString, new Dictionary<string, string?> { ["Diagnostics:ExposeAllocations"] = "true" });
        using var big = app.CreateHttpClient(Tokens.For("big"));
        using var diagnostics = app.CreateHttpClient();
        await GetPageAsync(big, "big", "?limit=1000"); // warm: JIT, pools, prepared statements

        var first = await MeasureAsync(diagnostics, () => GetPageAsync(big, "big", "?limit=1000"));
        var sparse = await MeasureAsync(diagnostics, () => GetPageAsync(big, "big", "?status=completed&limit=100"));
        var beyond = await MeasureAsync(diagnostics, () => GetPageAsync(big, "big", $"?limit=1000&cursor={Uri.EscapeDataString((string)first.Page["next_cursor"]!)}"));

        TestContext.Progress.WriteLine($"200,000 tasks: first page of 1,000 {first.Elapsed.TotalMilliseconds:0} ms, {first.Allocated / 1024} KiB; " +
            $"100 of the 200 completed {sparse.Elapsed.TotalMilliseconds:0} ms, {sparse.Allocated / 1024} KiB; next page {beyond.Elapsed.TotalMilliseconds:0} ms, {beyond.Allocated / 1024} KiB");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Page["data"]!.AsArray(), Has.Count.EqualTo(1_000));
            Assert.That((bool)first.Page["has_more"]!, Is.True);
            Assert.That(sparse.Page["data"]!.AsArray(), Has.Count.EqualTo(100));
            Assert.That(beyond.Page["data"]!.AsArray(), Has.Count.EqualTo(1_000));
            foreach (var (name, measured) in new[] { ("first", first), ("sparse", sparse), ("next", beyond) })
            {
                Assert.That(measured.Allocated, Is.LessThan(PageAllocationBudget), $"the {name} page allocated what a page needs, not what the account holds");
                Assert.That(measured.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)), $"the {name} page answered in page time");
            }
        }
    }

    [Test]
    public async Task ShouldServeOtherUsersWhileTheLargeAccountIsListed()
    {
        await TaskRows.InsertAsync("big", Tasks);
        await TaskRows.InsertAsync("small", 3);
        using var big = ClientFor("big");
        using var small = ClientFor("small");
        using var agent = await big.PostJsonAsync("api/big/chat", new { conversation_id = (Guid?)null, message = "show my tasks" });
        var reply = (string?)(await agent.ReadJsonAsync())["response"];

        var listings = Enumerable.Range(0, 8).Select(_ => GetPageAsync(big, "big", "?limit=1000")).ToList();
        var started = Stopwatch.GetTimestamp();
        var mine = await GetPageAsync(small, "small", "");
        var waited = Stopwatch.GetElapsedTime(started);
        var pages = await Task.WhenAll(listings);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(mine["data"]!.AsArray(), Has.Count.EqualTo(3));
            Assert.That(waited, Is.LessThan(TimeSpan.FromSeconds(3)), "another user's request is answered while eight large pages are read");
            Assert.That(pages.Select(p => p["data"]!.AsArray().Count), Is.All.EqualTo(1_000));
            Assert.That(reply, Does.StartWith("You have 200000 tasks; the oldest 25:").And.EndWith("…and 199975 more."), "the agent's listing is bounded too");
        }
    }

    private static async Task<JsonNode> GetPageAsync(HttpClient client, string user, string query)
    {
        using var response = await client.GetAsync($"api/{user}/tasks{query}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    private static async Task<(JsonNode Page, long Allocated, TimeSpan Elapsed)> MeasureAsync(HttpClient diagnostics, Func<Task<JsonNode>> read)
    {
        var before = await AllocatedAsync(diagnostics);
        var started = Stopwatch.GetTimestamp();
        var page = await read();
        var elapsed = Stopwatch.GetElapsedTime(started);
        return (page, await AllocatedAsync(diagnostics) - before, elapsed);
    }

    private static async Task<long> AllocatedAsync(HttpClient diagnostics)
    {
        using var response = await diagnostics.GetAsync("diagnostics/allocations");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return (long)(await response.ReadJsonAsync())["allocated_bytes"]!;
    }
}
