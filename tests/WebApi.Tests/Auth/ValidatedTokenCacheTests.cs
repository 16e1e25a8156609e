using System.Net;
using System.Security.Claims;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using TodoChat.WebApi.Auth;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Auth;

/// <summary>
/// A token validated once is not validated again on every request, but the shortcut never outlives the
/// token, never lasts more than five minutes, and never lets a token through that failed.
/// </summary>
public sealed class ValidatedTokenCacheTests : TestBase
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void ShouldServeATokenUntilItExpiresWithTheAcceptedSkew()
    {
        var clock = new FakeTimeProvider(Now);
        var cache = new ValidatedTokenCache(clock, TimeSpan.FromSeconds(30));
        var token = Token(expires: Now.AddSeconds(60));
        cache.Keep(token, Principal());

        Assert.That(cache.TryGet(token.EncodedToken, out var principal), Is.True);
        Assert.That(principal?.FindFirst("sub")?.Value, Is.EqualTo("alice"));

        clock.Advance(TimeSpan.FromSeconds(89));
        Assert.That(cache.TryGet(token.EncodedToken, out _), Is.True, "within exp + skew");

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(cache.TryGet(token.EncodedToken, out _), Is.False, "expired with its skew");
    }

    [Test]
    public void ShouldServeALongLivedTokenForFiveMinutesAtMost()
    {
        var clock = new FakeTimeProvider(Now);
        var cache = new ValidatedTokenCache(clock, TimeSpan.Zero);
        var token = Token(expires: Now.AddDays(7));
        cache.Keep(token, Principal());

        clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.That(cache.TryGet(token.EncodedToken, out _), Is.True);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(cache.TryGet(token.EncodedToken, out _), Is.False);
    }

    [Test]
    public void ShouldNotKeepATokenThatHasAlreadyExpired()
    {
        var cache = new ValidatedTokenCache(new FakeTimeProvider(Now), TimeSpan.Zero);
        var token = Token(expires: Now.AddSeconds(-1));
        cache.Keep(token, Principal());
        Assert.That(cache.TryGet(token.EncodedToken, out _), Is.False);
    }

    [Test]
    public async Task ShouldRefuseATamperedTokenAfterTheGenuineOneWasAccepted()
    {
        var genuine = Tokens.For("alice");
        using (var client = Testing.App.CreateHttpClient(genuine))
        using (var accepted = await client.GetAsync("api/alice/conversations"))
        {
            Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var tampered = genuine[..^2] + (genuine[^2] == 'A' ? "B" : "A") + genuine[^1];
        using var other = Testing.App.CreateHttpClient(tampered);
        using var refused = await other.GetAsync("api/alice/conversations");
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task ShouldStillRefuseAnotherUsersPathWithACachedToken()
    {
        using var client = ClientFor("alice");
        using (var own = await client.GetAsync("api/alice/conversations"))
        {
            Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using var other = await client.GetAsync("api/bob/conversations");
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    private static JsonWebToken Token(DateTimeOffset expires) =>
        new(Tokens.Create(new Claim("sub", "alice"), expires: expires.UtcDateTime));

    private static ClaimsPrincipal Principal() => new(new ClaimsIdentity([new Claim("sub", "alice")], "Bearer"));
}
