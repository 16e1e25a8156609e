using System.Text;
using TodoChat.Application.Common.Exceptions;

namespace TodoChat.WebApi.Auth;

/// <summary>The <c>Auth</c> configuration section. The secret may also come from <c>BETTER_AUTH_SECRET</c>.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    public const string BetterAuthSecretKey = "BETTER_AUTH_SECRET";

    /// <summary>HS256 needs a key of at least 256 bits.</summary>
    public const int MinimumSecretBytes = 32;

    public string? JwtSecret { get; set; }

    /// <summary>When set, a token's <c>iss</c> must equal it.</summary>
    public string? Issuer { get; set; }

    /// <summary>When set, a token's <c>aud</c> must contain it.</summary>
    public string? Audience { get; set; }

    public int ClockSkewSeconds { get; set; } = 30;

    /// <summary>The secret from <c>Auth:JwtSecret</c>, else <c>BETTER_AUTH_SECRET</c>; fails with one clear sentence when absent or too short.</summary>
    public static byte[] ResolveSecret(IConfiguration configuration)
    {
        var secret = configuration[$"{SectionName}:{nameof(JwtSecret)}"];
        if (string.IsNullOrEmpty(secret))
        {
            secret = configuration[BetterAuthSecretKey];
        }

        if (string.IsNullOrEmpty(secret))
        {
            throw new StartupException(
                "No JWT secret is configured: set Auth__JwtSecret (or BETTER_AUTH_SECRET), or start the service with 'dotnet pwsh ./build.ps1 run', which makes a local one.");
        }

        var bytes = Encoding.UTF8.GetBytes(secret);
        if (bytes.Length < MinimumSecretBytes)
        {
            throw new StartupException(
                $"The JWT secret is {bytes.Length} bytes long; HS256 needs at least {MinimumSecretBytes}.");
        }

        return bytes;
    }
}
