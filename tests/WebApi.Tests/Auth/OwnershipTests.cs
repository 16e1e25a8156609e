using System.Net;
using System.Net.Http.Json;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Auth;

/// <summary>Another user's task does not exist for you: 404 on every verb, and it stays untouched.</summary>
public sealed class OwnershipTests : TestBase
{
    [Test]
    public async Task ShouldAnswer404ForAnotherUsersTaskOnEveryVerb()
    {
        using var bob = ClientFor("bob");
        using var created = await bob.PostJsonAsync("api/bob/tasks", new { title = "Bob's secret", description = "private" });
        var id = (int)(await created.ReadJsonAsync())["id"]!;
        using var alice = ClientFor("alice");

        foreach (var request in new[]
        {
            new HttpRequestMessage(HttpMethod.Get, $"api/alice/tasks/{id}"),
            new HttpRequestMessage(HttpMethod.Put, $"api/alice/tasks/{id}") { Content = JsonContent.Create(new { title = "hijacked" }) },
            new HttpRequestMessage(HttpMethod.Patch, $"api/alice/tasks/{id}/complete"),
            new HttpRequestMessage(HttpMethod.Delete, $"api/alice/tasks/{id}"),
        })
        {
            using var response = await alice.SendAsync(request);
            var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound);
            Assert.That(problem.ToJsonString(), Does.Not.Contain("Bob's secret"));
        }

        using var stillThere = await bob.GetAsync($"api/bob/tasks/{id}");
        var task = await stillThere.ReadJsonAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(stillThere.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((string?)task["title"], Is.EqualTo("Bob's secret"));
            Assert.That((bool?)task["completed"], Is.False);
        }
    }

    [Test]
    public async Task ShouldListOnlyTheUsersOwnTasks()
    {
        using var bob = ClientFor("bob");
        using var alice = ClientFor("alice");
        (await bob.PostJsonAsync("api/bob/tasks", new { title = "bob's" })).EnsureSuccessStatusCode();
        (await alice.PostJsonAsync("api/alice/tasks", new { title = "alice's" })).EnsureSuccessStatusCode();

        using var response = await alice.GetAsync("api/alice/tasks");

        var titles = (await response.ReadJsonAsync())["data"]!.AsArray().Select(t => (string?)t!["title"]);
        Assert.That(titles, Is.EqualTo(new[] { "alice's" }));
    }
}
