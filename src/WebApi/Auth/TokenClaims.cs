using System.Security.Claims;

namespace TodoChat.WebApi.Auth;

public static class TokenClaims
{
    public const string Subject = "sub";

    /// <summary>The user id the bearer token was issued to. Only called behind authentication.</summary>
    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirst(Subject)?.Value ?? throw new InvalidOperationException("The principal has no 'sub' claim.");
}
