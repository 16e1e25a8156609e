using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TodoChat.Token;

/// <summary>
/// HS256 bearer tokens for a shared secret, as the frontend's auth server issues them: <c>sub</c>,
/// <c>iat</c>, <c>nbf</c>, <c>exp</c>, and <c>iss</c>/<c>aud</c> when the service checks them. The one
/// minter of the repository: the token tool (<c>build.ps1 token</c>) and the tests both use it.
/// </summary>
public static class DevelopmentTokens
{
    /// <summary>The longest a development token lives: a leaked one must not live long.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(7);

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public static string Mint(string secret, string userId, TimeSpan lifetime, string? issuer = null, string? audience = null, DateTime? now = null)
    {
        var issuedAt = now ?? DateTime.UtcNow;
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim("sub", userId)]),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)), SecurityAlgorithms.HmacSha256),
            Issuer = issuer,
            Audience = audience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + lifetime,
        });
    }
}
