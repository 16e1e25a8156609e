using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Tasks;

public sealed class TaskApiTests : TestBase
{
    private const string User = "alice";
    private const string Tasks = "api/alice/tasks";

    [Test]
    public async Task ShouldCreateTaskWithLocationAndSnakeCaseBody()
    {
        using var client = ClientFor(User);

        using var response = await client.PostJsonAsync(Tasks, new { title = "  Buy milk  ", description = "2 litres" });

        var task = await response.ReadJsonAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That((string?)task["title"], Is.EqualTo("Buy milk"), "titles are trimmed");
            Assert.That((string?)task["description"], Is.EqualTo("2 litres"));
            Assert.That((bool?)task["completed"], Is.False);
            Assert.That((string?)task["created_at"], Does.EndWith("Z"));
            Assert.That((string?)task["updated_at"], Is.EqualTo((string?)task["created_at"]));
            Assert.That(response.Headers.Location?.AbsolutePath, Is.EqualTo($"/{Tasks}/{(int)task["id"]!}"));
        }

        using var fetched = await client.GetAsync(response.Headers.Location);
        Assert.That(fetched.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await fetched.ReadJsonAsync()).ToJsonString(), Is.EqualTo(task.ToJsonString()));
    }

    [Test]
    public async Task ShouldListTasksOldestFirstFilteredByStatus()
    {
        using var client = ClientFor(User);
        var first = await CreateAsync(client, "First");
        var second = await CreateAsync(client, "Second");
        var third = await CreateAsync(client, "Third");
        (await client.PatchAsync($"{Tasks}/{second}/complete", null)).EnsureSuccessStatusCode();

        Assert.That(await ListIdsAsync(client, ""), Is.EqualTo(new[] { first, second, third }));
        Assert.That(await ListIdsAsync(client, "?status=all"), Is.EqualTo(new[] { first, second, third }));
        Assert.That(await ListIdsAsync(client, "?status=pending"), Is.EqualTo(new[] { first, third }));
        Assert.That(await ListIdsAsync(client, "?status=completed"), Is.EqualTo(new[] { second }));
    }

    [Test]
    public async Task ShouldListNothingForANewUser()
    {
        using var client = ClientFor(User);

        using var response = await client.GetAsync(Tasks);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await response.ReadJsonAsync())["data"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task ShouldReplaceTitleAndDescriptionWithPut()
    {
        using var client = ClientFor(User);
        var id = await CreateAsync(client, "Draft", "old notes");

        using var response = await client.PutJsonAsync($"{Tasks}/{id}", new { title = "Pay rent" });

        var task = await response.ReadJsonAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((string?)task["title"], Is.EqualTo("Pay rent"));
            Assert.That(task["description"], Is.Null, "PUT without a description clears it");
            Assert.That((bool?)task["completed"], Is.False, "PUT without completed keeps it");
            Assert.That(DateTime.Parse((string)task["updated_at"]!), Is.GreaterThan(DateTime.Parse((string)task["created_at"]!)));
        }
    }

    [Test]
    public async Task ShouldSetCompletedWithPut()
    {
        using var client = ClientFor(User);
        var id = await CreateAsync(client, "Call mom");

        using var response = await client.PutJsonAsync($"{Tasks}/{id}", new { title = "Call mom", description = "Sunday", completed = true });

        var task = await response.ReadJsonAsync();
        Assert.That((bool?)task["completed"], Is.True);
        Assert.That((string?)task["description"], Is.EqualTo("Sunday"));
    }

    [Test]
    public async Task ShouldCompleteWithoutBodyAndReopenWithFalse()
    {
        using var client = ClientFor(User);
        var id = await CreateAsync(client, "Water plants");

        using var completed = await client.PatchAsync($"{Tasks}/{id}/complete", null);
        Assert.That((bool?)(await completed.ReadJsonAsync())["completed"], Is.True);

        using var reopened = await client.PatchAsync($"{Tasks}/{id}/complete", JsonContent.Create(new { completed = false }));
        Assert.That(reopened.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((bool?)(await reopened.ReadJsonAsync())["completed"], Is.False);
    }

    [Test]
    public async Task ShouldDeleteTaskThenAnswerNotFound()
    {
        using var client = ClientFor(User);
        var id = await CreateAsync(client, "Temporary");

        using var deleted = await client.DeleteAsync($"{Tasks}/{id}");
        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        using var again = await client.DeleteAsync($"{Tasks}/{id}");
        await again.AssertProblemAsync(HttpStatusCode.NotFound);
        using var get = await client.GetAsync($"{Tasks}/{id}");
        await get.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks"), Is.Zero);
    }

    [Test]
    public async Task ShouldAnswerNotFoundForATaskThatNeverExisted()
    {
        using var client = ClientFor(User);

        foreach (var request in new[]
        {
            new HttpRequestMessage(HttpMethod.Get, $"{Tasks}/424242"),
            new HttpRequestMessage(HttpMethod.Put, $"{Tasks}/424242") { Content = JsonContent.Create(new { title = "x" }) },
            new HttpRequestMessage(HttpMethod.Patch, $"{Tasks}/424242/complete"),
            new HttpRequestMessage(HttpMethod.Delete, $"{Tasks}/424242"),
            new HttpRequestMessage(HttpMethod.Get, $"{Tasks}/0"),
            new HttpRequestMessage(HttpMethod.Get, $"{Tasks}/-5"),
        })
        {
            using var response = await client.SendAsync(request);
            await response.AssertProblemAsync(HttpStatusCode.NotFound);
        }
    }

    private static async Task<int> CreateAsync(HttpClient client, string title, string? description = null)
    {
        using var response = await client.PostJsonAsync(Tasks, new { title, description });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (int)(await response.ReadJsonAsync())["id"]!;
    }

    private static async Task<int[]> ListIdsAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync(Tasks + query);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return (await response.ReadJsonAsync())["data"]!.AsArray().Select(t => (int)t!["id"]!).ToArray();
    }
}
