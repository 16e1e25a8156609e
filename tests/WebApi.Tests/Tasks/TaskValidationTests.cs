using System.Net;
using System.Net.Http.Json;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Tasks;

public sealed class TaskValidationTests : TestBase
{
    private const string Tasks = "api/alice/tasks";

    [TestCase("")]
    [TestCase("   ")]
    [TestCase(null)]
    public async Task ShouldRejectEmptyTitle(string? title)
    {
        using var client = ClientFor("alice");

        using var response = await client.PostJsonAsync(Tasks, new { title });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "title");
        await AssertNoTasksAsync();
    }

    [Test]
    public async Task ShouldAcceptTitleOfFiveHundredCharacters()
    {
        using var client = ClientFor("alice");

        using var response = await client.PostJsonAsync(Tasks, new { title = new string('t', 500) });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task ShouldRejectTitleOfFiveHundredAndOneCharacters()
    {
        using var client = ClientFor("alice");

        using var response = await client.PostJsonAsync(Tasks, new { title = new string('t', 501) });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "title");
        await AssertNoTasksAsync();
    }

    [Test]
    public async Task ShouldAcceptDescriptionOfFiveThousandCharactersAndRejectOneMore()
    {
        using var client = ClientFor("alice");

        using var accepted = await client.PostJsonAsync(Tasks, new { title = "ok", description = new string('d', 5_000) });
        using var rejected = await client.PostJsonAsync(Tasks, new { title = "too long", description = new string('d', 5_001) });

        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        await rejected.AssertProblemAsync(HttpStatusCode.BadRequest, "description");
        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks"), Is.EqualTo(1));
    }

    [Test]
    public async Task ShouldNameEveryBrokenFieldAtOnce()
    {
        using var client = ClientFor("alice");

        using var response = await client.PostJsonAsync(Tasks, new { title = "", description = new string('d', 5_001) });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "title", "description");
    }

    [TestCase("done")]
    [TestCase("1")]
    [TestCase("pending,completed")]
    public async Task ShouldRejectUnknownStatus(string status)
    {
        using var client = ClientFor("alice");

        await client.AssertGetRejectedAsync($"{Tasks}?status={Uri.EscapeDataString(status)}", "status");
    }

    [Test]
    public async Task ShouldForgiveCaseAndSpacesInStatus()
    {
        using var client = ClientFor("alice");
        (await client.PostJsonAsync(Tasks, new { title = "open" })).EnsureSuccessStatusCode();

        using var response = await client.GetAsync($"{Tasks}?status={Uri.EscapeDataString("PENDING ")}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await response.ReadJsonAsync())["data"]!.AsArray(), Has.Count.EqualTo(1));
    }

    [TestCase("{\"title\":")]
    [TestCase("{title: 'x'}")]
    [TestCase("not json")]
    public async Task ShouldRejectMalformedJson(string body)
    {
        using var client = ClientFor("alice");

        using var response = await client.SendRawJsonAsync(HttpMethod.Post, Tasks, body);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem["errors"]!.AsObject(), Is.Not.Empty);
        await AssertNoTasksAsync();
    }

    [Test]
    public async Task ShouldRejectEmptyBody()
    {
        using var client = ClientFor("alice");

        using var response = await client.SendRawJsonAsync(HttpMethod.Post, Tasks, "");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "body");
    }

    [TestCase("{\"title\":5}", "title")]
    [TestCase("{\"title\":[\"a\"]}", "title")]
    [TestCase("{\"title\":\"x\",\"description\":{}}", "description")]
    [TestCase("[]", "body")]
    public async Task ShouldRejectWrongTypesOnCreate(string body, string field)
    {
        using var client = ClientFor("alice");

        using var response = await client.SendRawJsonAsync(HttpMethod.Post, Tasks, body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, field);
        await AssertNoTasksAsync();
    }

    [TestCase("{\"title\":\"x\",\"completed\":\"yes\"}", "completed")]
    [TestCase("{\"title\":\"\"}", "title")]
    public async Task ShouldValidatePut(string body, string field)
    {
        using var client = ClientFor("alice");
        using var created = await client.PostJsonAsync(Tasks, new { title = "Original" });
        var id = (int)(await created.ReadJsonAsync())["id"]!;

        using var response = await client.SendRawJsonAsync(HttpMethod.Put, $"{Tasks}/{id}", body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, field);
        using var unchanged = await client.GetAsync($"{Tasks}/{id}");
        Assert.That((string?)(await unchanged.ReadJsonAsync())["title"], Is.EqualTo("Original"), "nothing half-written");
    }

    [Test]
    public async Task ShouldRejectWrongTypeOnComplete()
    {
        using var client = ClientFor("alice");
        using var created = await client.PostJsonAsync(Tasks, new { title = "Original" });
        var id = (int)(await created.ReadJsonAsync())["id"]!;

        using var response = await client.SendRawJsonAsync(HttpMethod.Patch, $"{Tasks}/{id}/complete", "{\"completed\":1}");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "completed");
    }

    [TestCase("abc")]
    [TestCase("1.5")]
    [TestCase("99999999999")]
    public async Task ShouldRejectNonNumericTaskIdOnEveryVerb(string id)
    {
        using var client = ClientFor("alice");

        foreach (var request in new[]
        {
            new HttpRequestMessage(HttpMethod.Get, $"{Tasks}/{id}"),
            new HttpRequestMessage(HttpMethod.Put, $"{Tasks}/{id}") { Content = JsonContent.Create(new { title = "x" }) },
            new HttpRequestMessage(HttpMethod.Patch, $"{Tasks}/{id}/complete"),
            new HttpRequestMessage(HttpMethod.Delete, $"{Tasks}/{id}"),
        })
        {
            using var response = await client.SendAsync(request);
            await response.AssertProblemAsync(HttpStatusCode.BadRequest, "id");
        }
    }

    [Test]
    public async Task ShouldRejectHugeBodyWith413()
    {
        using var client = ClientFor("alice");
        var body = "{\"title\":\"" + new string('a', 400_000) + "\"}";

        using var response = await client.SendRawJsonAsync(HttpMethod.Post, Tasks, body);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        await AssertNoTasksAsync();
    }

    [Test]
    public async Task ShouldRejectOtherContentTypesWith415()
    {
        using var client = ClientFor("alice");

        using var response = await client.PostAsync(Tasks, new StringContent("title=x", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Test]
    public async Task ShouldAnswerUnknownRoutesAndMethodsWithProblems()
    {
        using var client = ClientFor("alice");

        using var unknown = await client.GetAsync("api/alice/nothing-here");
        using var wrongMethod = await client.PostAsync($"{Tasks}/1", JsonContent.Create(new { title = "x" }));

        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
        await wrongMethod.AssertProblemAsync(HttpStatusCode.MethodNotAllowed);
    }

    private static async Task AssertNoTasksAsync() =>
        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks"), Is.Zero, "nothing is stored for a rejected request");
}
