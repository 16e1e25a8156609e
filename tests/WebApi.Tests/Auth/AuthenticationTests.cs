using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Auth;

public sealed class AuthenticationTests : TestBase
{
    private const string Tasks = "api/alice/tasks";

    [Test]
    public async Task ShouldAcceptAValidToken()
    {
        using var client = ClientFor("alice");

        using var response = await client.GetAsync(Tasks);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task ShouldRejectMissingTokenWithBearerChallenge()
    {
        using var client = AnonymousClient();

        using var response = await client.GetAsync(Tasks);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That(response.Headers.WwwAuthenticate.Select(h => h.Scheme), Is.EqualTo(new[] { "Bearer" }));
    }

    private static IEnumerable<TestCaseData> BadTokens()
    {
        yield return new TestCaseData(Tokens.Create(new Claim("sub", "alice"), secret: "another-secret-another-secret-another-secret-123")).SetName("ShouldRejectBadSignature");
        yield return new TestCaseData(Tokens.Unsigned("alice")).SetName("ShouldRejectAlgNone");
        yield return new TestCaseData(Tokens.Create(new Claim("sub", "alice"), expires: DateTime.UtcNow.AddMinutes(-5))).SetName("ShouldRejectExpiredToken");
        yield return new TestCaseData(Tokens.Create(new Claim("sub", "alice"), withExpiry: false)).SetName("ShouldRejectTokenWithoutExp");
        yield return new TestCaseData(Tokens.Create(null)).SetName("ShouldRejectTokenWithoutSub");
        yield return new TestCaseData(Tokens.Create(new Claim("sub", "alice"), algorithm: SecurityAlgorithms.HmacSha512)).SetName("ShouldRejectOtherAlgorithmEvenWithTheRightSecret");
        yield return new TestCaseData(Tokens.Create(new Claim("sub", new string('a', 129)))).SetName("ShouldRejectOverlongSub");
        yield return new TestCaseData("not-a-jwt").SetName("ShouldRejectGarbageToken");
    }

    [TestCaseSource(nameof(BadTokens))]
    public async Task ShouldRejectWith401(string token)
    {
        using var client = Testing.App.CreateHttpClient(token);

        using var response = await client.GetAsync(Tasks);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        var challenge = response.Headers.WwwAuthenticate.Single();
        Assert.That(challenge.Scheme, Is.EqualTo("Bearer"));
        Assert.That(challenge.Parameter, Does.Contain("invalid_token"));
    }

    [Test]
    public async Task ShouldAllowClockSkewOfThirtySeconds()
    {
        using var client = Testing.App.CreateHttpClient(Tokens.Create(new Claim("sub", "alice"), expires: DateTime.UtcNow.AddSeconds(-10)));

        using var response = await client.GetAsync(Tasks);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a token expired 10 s ago is within the 30 s skew");
    }

    [Test]
    public async Task ShouldRejectOtherSchemes()
    {
        using var client = AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "YWxpY2U6c2VjcmV0");

        using var response = await client.GetAsync(Tasks);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task ShouldAnswer403WhenThePathUserIsNotTheTokenUser()
    {
        using var client = ClientFor("alice");

        foreach (var request in new[]
        {
            new HttpRequestMessage(HttpMethod.Get, "api/bob/tasks"),
            new HttpRequestMessage(HttpMethod.Post, "api/bob/tasks") { Content = System.Net.Http.Json.JsonContent.Create(new { title = "x" }) },
            new HttpRequestMessage(HttpMethod.Get, "api/bob/tasks/1"),
            new HttpRequestMessage(HttpMethod.Delete, "api/bob/tasks/1"),
            new HttpRequestMessage(HttpMethod.Get, "api/ALICE/tasks"),
        })
        {
            using var response = await client.SendAsync(request);
            await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        }

        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks"), Is.Zero);
    }

    [Test]
    public async Task ShouldAcceptUserIdsThatNeedEscaping()
    {
        const string user = "user@example.com/x y";
        using var client = ClientFor(user);
        var tasks = $"api/{Uri.EscapeDataString(user)}/tasks";

        using var created = await client.PostJsonAsync(tasks, new { title = "escaped" });
        using var listed = await client.GetAsync(tasks);

        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await listed.ReadJsonAsync())["data"]!.AsArray(), Has.Count.EqualTo(1));
    }
}
