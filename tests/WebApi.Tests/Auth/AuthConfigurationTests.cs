using System.Net;
using System.Security.Claims;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Auth;

public sealed class AuthConfigurationTests : TestBase
{
    [Test]
    public async Task ShouldCheckIssuerAndAudienceWhenConfigured()
    {
        await using var app = new TodoChatApp(Testing.Database.ConnectionString, new Dictionary<string, string?>
        {
            ["Auth:Issuer"] = "https://auth.todochat.example",
            ["Auth:Audience"] = "todochat-api",
        });
        var sub = new Claim("sub", "alice");

        async Task<HttpStatusCode> StatusWith(string token)
        {
            using var client = app.CreateHttpClient(token);
            using var response = await client.GetAsync("api/alice/tasks");
            return response.StatusCode;
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await StatusWith(Tokens.Create(sub, issuer: "https://auth.todochat.example", audience: "todochat-api")), Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await StatusWith(Tokens.Create(sub)), Is.EqualTo(HttpStatusCode.Unauthorized), "no iss or aud");
            Assert.That(await StatusWith(Tokens.Create(sub, issuer: "https://evil.example", audience: "todochat-api")), Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await StatusWith(Tokens.Create(sub, issuer: "https://auth.todochat.example", audience: "another-api")), Is.EqualTo(HttpStatusCode.Unauthorized));
        }
    }

    [Test]
    public async Task ShouldAcceptTheBetterAuthSecretWhenNoJwtSecretIsSet()
    {
        const string betterAuthSecret = "better-auth-shared-secret-0123456789-0123456789";
        await using var app = new TodoChatApp(Testing.Database.ConnectionString, new Dictionary<string, string?>
        {
            ["Auth:JwtSecret"] = "",
            ["BETTER_AUTH_SECRET"] = betterAuthSecret,
        });

        using var good = app.CreateHttpClient(Tokens.Create(new Claim("sub", "alice"), secret: betterAuthSecret));
        using var bad = app.CreateHttpClient(Tokens.For("alice"));

        Assert.That((await good.GetAsync("api/alice/tasks")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await bad.GetAsync("api/alice/tasks")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
