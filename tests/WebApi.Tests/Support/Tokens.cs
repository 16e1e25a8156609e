using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TodoChat.WebApi.Tests.Support;

/// <summary>Bearer tokens as the frontend would send them, and the broken kinds an attacker might.</summary>
public static class Tokens
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>A good token for the user, minted as <c>build.ps1 token</c> mints it.</summary>
    public static string For(string userId) => TodoChat.Token.DevelopmentTokens.Mint(TestSecrets.JwtSecret, userId, TimeSpan.FromHours(1));

    public static string Create(
        Claim? subject,
        string secret = TestSecrets.JwtSecret,
        string algorithm = SecurityAlgorithms.HmacSha256,
        DateTime? expires = null,
        bool withExpiry = true,
        string? issuer = null,
        string? audience = null)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(subject is null ? [] : [subject]),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)), algorithm),
            Issuer = issuer,
            Audience = audience,
        };
        if (withExpiry)
        {
            var exp = expires ?? now.AddHours(1);
            descriptor.Expires = exp;
            descriptor.IssuedAt = exp < now ? exp.AddMinutes(-10) : now;
            descriptor.NotBefore = descriptor.IssuedAt;
        }

        return Handler.CreateToken(descriptor);
    }

    /// <summary>An unsigned token (<c>alg: none</c>) claiming to be <paramref name="userId"/>.</summary>
    public static string Unsigned(string userId)
    {
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        return $"{Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{Base64Url($"{{\"sub\":\"{userId}\",\"exp\":{exp}}}")}.";
    }

    private static string Base64Url(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
