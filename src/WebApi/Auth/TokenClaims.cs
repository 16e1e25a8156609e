using System.Security.Claims;

namespace TodoChat.WebApi.Auth;

public static class TokenClaims
{
    public const string Subject = "sub";

    /// <summary>The user id the bearer token was issued to. Only called behind authentication.</summary>
    public static string UserId(this ClaimsPrincipal user)
    {
        // A plain loop: FindFirst(string) allocates a predicate on every call, and this runs on every request.
        foreach (var identity in user.Identities)
        {
            foreach (var claim in identity.Claims)
            {
                if (claim.Type == Subject)
                {
                    return claim.Value;
                }
            }
        }

        throw new InvalidOperationException("The principal has no 'sub' claim.");
    }
}
