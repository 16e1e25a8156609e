using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace TodoChat.WebApi.Tests.Health;

public sealed class HealthTests : TestBase
{
    [Test]
    public async Task ShouldAnswerLiveWithoutAToken()
    {
        using var client = AnonymousClient();

        using var response = await client.GetAsync("health/live");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task ShouldBeReadyWhenTheDatabaseAnswers()
    {
        using var client = AnonymousClient();

        using var response = await client.GetAsync("health/ready");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task ShouldReportThePoolsLiveFigures()
    {
        using var client = AnonymousClient();
        var dataSource = Testing.App.Services.GetRequiredService<NpgsqlDataSource>();

        // Two connections held open by "requests in flight".
        await using var first = await dataSource.OpenConnectionAsync();
        await using var second = await dataSource.OpenConnectionAsync();
        using var response = await client.GetAsync("health");

        var body = await Support.Json.ReadJsonAsync(response);
        var pool = body["database"]!["pool"]!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
            Assert.That((string?)body["status"], Is.EqualTo("healthy"));
            Assert.That((string?)body["database"]!["status"], Is.EqualTo("healthy"));
            Assert.That((int?)pool["max_size"], Is.EqualTo(30));
            Assert.That((int?)pool["min_size"], Is.EqualTo(10));
            Assert.That((int?)pool["busy"], Is.GreaterThanOrEqualTo(2), "the two held connections are busy");
            Assert.That((int?)pool["total"], Is.EqualTo((int?)pool["idle"] + (int?)pool["busy"]));
        }

        await first.CloseAsync();
        await second.CloseAsync();
        using var after = await client.GetAsync("health");
        var poolAfter = (await Support.Json.ReadJsonAsync(after))["database"]!["pool"]!;
        Assert.That((int?)poolAfter["idle"], Is.GreaterThanOrEqualTo(2), "returned connections are idle in the pool");
        Assert.That((int?)poolAfter["busy"], Is.LessThan((int)pool["busy"]!));
    }
}
