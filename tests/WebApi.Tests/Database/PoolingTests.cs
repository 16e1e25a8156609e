using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TodoChat.Infrastructure.Persistence;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Database;

/// <summary>The pool as configured reaches the data source, and an exhausted pool is a 503, not a hang or a 500.</summary>
public sealed class PoolingTests : TestBase
{
    [Test]
    public async Task ShouldTakePoolSettingsFromConfiguration()
    {
        await using var app = new TodoChatApp(Testing.Database.ConnectionString, new Dictionary<string, string?>
        {
            ["Database:Pool:MinSize"] = "2",
            ["Database:Pool:MaxSize"] = "7",
            ["Database:Pool:ConnectionLifetimeSeconds"] = "120",
            ["Database:Pool:ConnectTimeoutSeconds"] = "3",
            ["Database:Pool:CommandTimeoutSeconds"] = "9",
            ["Database:Pool:MaxAutoPrepare"] = "50",
        });

        var settings = app.Services.GetRequiredService<NpgsqlDataSource>().Settings();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(settings.MinPoolSize, Is.EqualTo(2));
            Assert.That(settings.MaxPoolSize, Is.EqualTo(7));
            Assert.That(settings.ConnectionLifetime, Is.EqualTo(120));
            Assert.That(settings.Timeout, Is.EqualTo(3));
            Assert.That(settings.CommandTimeout, Is.EqualTo(9));
            Assert.That(settings.MaxAutoPrepare, Is.EqualTo(50));
        }

        using var client = app.CreateHttpClient();
        var pool = (await (await client.GetAsync("health")).ReadJsonAsync())["database"]!["pool"]!;
        Assert.That((int?)pool["max_size"], Is.EqualTo(7));
        Assert.That((int?)pool["min_size"], Is.EqualTo(2));
    }

    [Test]
    public async Task ShouldLetTheConnectionStringWinOverPoolSettings()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(Testing.Database.ConnectionString) { MaxPoolSize = 12, Timeout = 4 }.ConnectionString;
        await using var app = new TodoChatApp(connectionString, new Dictionary<string, string?> { ["Database:Pool:MaxSize"] = "7" });

        var settings = app.Services.GetRequiredService<NpgsqlDataSource>().Settings();

        Assert.That(settings.MaxPoolSize, Is.EqualTo(12));
        Assert.That(settings.Timeout, Is.EqualTo(4));
        Assert.That(settings.MinPoolSize, Is.EqualTo(10), "what the connection string leaves out still comes from the options");
    }

    [Test]
    public async Task ShouldAnswer503WithRetryAfterWhenThePoolIsExhausted()
    {
        await using var app = new TodoChatApp(Testing.Database.ConnectionString, new Dictionary<string, string?>
        {
            ["Database:Pool:MinSize"] = "0",
            ["Database:Pool:MaxSize"] = "1",
            ["Database:Pool:ConnectTimeoutSeconds"] = "1",
        });
        var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
        using var client = app.CreateHttpClient(Tokens.For("alice"));

        await using (var held = await dataSource.OpenConnectionAsync())
        {
            using var response = await client.GetAsync("api/alice/tasks");

            await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(5)));
        }

        using var recovered = await client.GetAsync("api/alice/tasks");
        Assert.That(recovered.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the pool serves again once the connection is back");
    }
}
