using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TodoChat.Application.Common;
using TodoChat.WebApi.Errors;

namespace TodoChat.WebApi.Auth;

public static class AuthenticationSetup
{
    /// <summary>
    /// JWT bearer tokens as the Better Auth frontend issues them: HS256 only, <c>exp</c> required,
    /// <c>sub</c> the user id, issuer and audience checked when configured. Failures answer with
    /// RFC 9457 problem details and <c>WWW-Authenticate: Bearer</c>.
    /// </summary>
    public static IServiceCollection AddTodoChatAuthentication(this IServiceCollection services, IConfiguration configuration, byte[] secret)
    {
        var options = configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        services.AddSingleton(sp => new ValidatedTokenCache(sp.GetRequiredService<TimeProvider>(), TimeSpan.FromSeconds(options.ClockSkewSeconds)));

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = false;
                jwt.RequireHttpsMetadata = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    IssuerSigningKey = new SymmetricSecurityKey(secret),
                    ValidateIssuerSigningKey = true,
                    RequireSignedTokens = true,
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    RequireExpirationTime = true,
                    ValidateLifetime = true,
                    ClockSkew = TimeSpan.FromSeconds(options.ClockSkewSeconds),
                    ValidateIssuer = !string.IsNullOrEmpty(options.Issuer),
                    ValidIssuer = options.Issuer,
                    ValidateAudience = !string.IsNullOrEmpty(options.Audience),
                    ValidAudience = options.Audience,
                    NameClaimType = TokenClaims.Subject,
                };
                jwt.Events = new JwtBearerEvents
                {
                    // A token validated before (and not expired since) needs no second validation.
                    OnMessageReceived = context =>
                    {
                        var header = context.Request.Headers.Authorization;
                        if (header.Count == 1
                            && header[0] is { } value
                            && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                            && context.HttpContext.RequestServices.GetRequiredService<ValidatedTokenCache>().TryGet(value.AsSpan(7).Trim(), out var principal))
                        {
                            context.Principal = principal;
                            context.Success();
                        }

                        return Task.CompletedTask;
                    },
                    OnTokenValidated = context =>
                    {
                        var subject = context.Principal?.FindFirst(TokenClaims.Subject)?.Value;
                        if (string.IsNullOrWhiteSpace(subject) || subject.Length > UserIds.MaxLength)
                        {
                            context.Fail("The token has no usable 'sub' claim.");
                        }
                        else if (context.SecurityToken is JsonWebToken token && context.Principal is { } principal)
                        {
                            context.HttpContext.RequestServices.GetRequiredService<ValidatedTokenCache>().Keep(token, principal);
                        }

                        return Task.CompletedTask;
                    },
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        var hasToken = context.Request.Headers.Authorization.Count > 0;
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        context.Response.Headers.WWWAuthenticate = hasToken
                            ? "Bearer error=\"invalid_token\""
                            : "Bearer";
                        await WriteProblemAsync(
                            context.HttpContext,
                            StatusCodes.Status401Unauthorized,
                            "Unauthorized",
                            hasToken
                                ? "The bearer token is not valid: it must be an unexpired HS256 JWT signed with the service's secret, with a 'sub' claim."
                                : "This endpoint needs 'Authorization: Bearer <JWT>'.");
                    },
                    OnForbidden = context => WriteProblemAsync(
                        context.HttpContext,
                        StatusCodes.Status403Forbidden,
                        "Forbidden",
                        "The user in the path is not the user of the token."),
                };
            });

        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, PathUserHandler>();
        services.AddAuthorizationBuilder()
            // JwtBearer is the default scheme, which the authentication middleware has already run:
            // naming it here too would authenticate every request a second time.
            .AddPolicy(PathUserRequirement.PolicyName, policy => policy
                .RequireAuthenticatedUser()
                .AddRequirements(new PathUserRequirement()));
        return services;
    }

    private static Task WriteProblemAsync(HttpContext http, int status, string title, string detail) =>
        ProblemResult.WriteAsync(http, new ProblemDetails { Status = status, Title = title, Detail = detail });
}
