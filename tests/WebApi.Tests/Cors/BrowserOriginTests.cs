using System.Net;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Cors;

/// <summary>Api:AllowedOrigins: a frontend on another origin may call the API and read its headers; others may not.</summary>
public sealed class BrowserOriginTests : TestBase
{
    private const string Frontend = "http://localhost:5173";

    [Test]
    public async Task ShouldAnswerAPreflightFromAnAllowedOrigin()
    {
        await using var app = AppAllowing(Frontend);
        using var client = app.CreateHttpClient();

        using var preflight = await client.SendAsync(Preflight("api/alice/chat", Frontend, "POST", "authorization,content-type,idempotency-key"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(preflight.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(preflight.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { Frontend }));
            Assert.That(string.Join(',', preflight.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant(), Does.Contain("idempotency-key").And.Contain("authorization"));
        }
    }

    [Test]
    public async Task ShouldLetAnAllowedOriginReadTheETag()
    {
        await using var app = AppAllowing(Frontend);
        using var client = app.CreateHttpClient(Tokens.For("alice"));
        var id = await Support.Conversations.SeedAsync("alice", 2);
        using var request = new HttpRequestMessage(HttpMethod.Get, Support.Conversations.HistoryUri("alice", id));
        request.Headers.Add("Origin", Frontend);

        using var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { Frontend }));
        Assert.That(string.Join(',', response.Headers.GetValues("Access-Control-Expose-Headers")), Does.Contain("ETag"));
    }

    [Test]
    public async Task ShouldNotAllowAnOriginThatIsNotListed()
    {
        await using var app = AppAllowing(Frontend);
        using var client = app.CreateHttpClient();

        using var preflight = await client.SendAsync(Preflight("api/alice/chat", "http://evil.example", "POST", "authorization"));

        Assert.That(preflight.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
    }

    [Test]
    public async Task ShouldAllowNoOtherOriginByDefault()
    {
        using var client = AnonymousClient();

        using var preflight = await client.SendAsync(Preflight("api/alice/chat", Frontend, "POST", "authorization"));

        Assert.That(preflight.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
    }

    private static TodoChatApp AppAllowing(string origin) =>
        new(Testing.Database.ConnectionString, new Dictionary<string, string?> { ["Api:AllowedOrigins:0"] = origin });

    private static HttpRequestMessage Preflight(string uri, string origin, string method, string headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, uri);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }
}
