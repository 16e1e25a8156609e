using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace TodoChat.WebApi.Auth;

/// <summary>
/// Bearer tokens this instance has already validated, so a client that sends the same token on every
/// request pays for its signature, its parsing and its claims once. JwtBearer validates a token it has
/// not seen (and every failing one, each time); its <c>OnTokenValidated</c> event keeps what passed
/// here, and its <c>OnMessageReceived</c> event answers from here. An entry serves until the token
/// expires (with the accepted clock skew) and for at most five minutes; at most 10,000 tokens are kept.
/// </summary>
public sealed class ValidatedTokenCache(TimeProvider clock, TimeSpan clockSkew)
{
    private const int Capacity = 10_000;
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, Entry> _tokens = new(StringComparer.Ordinal);

    /// <summary>The principal of a token validated earlier and not expired since, if there is one.</summary>
    public bool TryGet(ReadOnlySpan<char> token, out ClaimsPrincipal? principal)
    {
        principal = null;
        if (!_tokens.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(token, out var entry))
        {
            return false;
        }

        if (clock.GetUtcNow() >= entry.ValidUntil)
        {
            return false;
        }

        principal = entry.Principal;
        return true;
    }

    /// <summary>Keeps a token that JwtBearer and the service's own checks have just accepted.</summary>
    public void Keep(JsonWebToken token, ClaimsPrincipal principal)
    {
        var now = clock.GetUtcNow();
        var expires = new DateTimeOffset(token.ValidTo, TimeSpan.Zero) + clockSkew;
        var validUntil = expires < now + MaxAge ? expires : now + MaxAge;
        if (validUntil <= now)
        {
            return;
        }

        if (_tokens.Count >= Capacity)
        {
            Prune(now);
        }

        _tokens[token.EncodedToken] = new Entry(principal, validUntil);
    }

    /// <summary>Drops expired tokens; when all are current, drops them all (they are only a shortcut).</summary>
    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, entry) in _tokens)
        {
            if (now >= entry.ValidUntil)
            {
                _tokens.TryRemove(key, out _);
            }
        }

        if (_tokens.Count >= Capacity)
        {
            _tokens.Clear();
        }
    }

    private sealed record Entry(ClaimsPrincipal Principal, DateTimeOffset ValidUntil);
}
