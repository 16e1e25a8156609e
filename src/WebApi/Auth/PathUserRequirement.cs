using Microsoft.AspNetCore.Authorization;

namespace TodoChat.WebApi.Auth;

/// <summary>The <c>{user_id}</c> in the path must be the token's <c>sub</c>: nobody acts in another user's name.</summary>
public sealed class PathUserRequirement : IAuthorizationRequirement
{
    public const string PolicyName = "PathUser";

    public const string RouteKey = "user_id";
}

public sealed class PathUserHandler : AuthorizationHandler<PathUserRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PathUserRequirement requirement)
    {
        if (context.Resource is HttpContext http
            && http.GetRouteValue(PathUserRequirement.RouteKey) is string pathUser
            && context.User.FindFirst(TokenClaims.Subject)?.Value is { } subject
            && (string.Equals(pathUser, subject, StringComparison.Ordinal)
                // Routing leaves an escaped '/' (%2F) escaped; user ids may contain one.
                || string.Equals(Uri.UnescapeDataString(pathUser), subject, StringComparison.Ordinal)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
