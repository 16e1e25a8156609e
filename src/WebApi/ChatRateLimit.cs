using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using TodoChat.WebApi.Auth;
using TodoChat.WebApi.Errors;

namespace TodoChat.WebApi;

/// <summary>Per-user limit on chat turns (<see cref="ApiOptions.ChatTurnsPerMinute"/>), answered with a 429 problem.</summary>
public static class ChatRateLimit
{
    public const string PolicyName = "chat-turns";

    public static IServiceCollection AddChatRateLimit(this IServiceCollection services) =>
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(PolicyName, http =>
            {
                var perMinute = http.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.ChatTurnsPerMinute;
                if (perMinute <= 0)
                {
                    return RateLimitPartition.GetNoLimiter(string.Empty);
                }

                // Behind authorization: the token's user, who is also the path's.
                return RateLimitPartition.GetTokenBucketLimiter(http.User.UserId(), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = perMinute,
                    TokensPerPeriod = 1,
                    ReplenishmentPeriod = TimeSpan.FromMinutes(1) / perMinute,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            options.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                var perMinute = http.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.ChatTurnsPerMinute;
                await ProblemResult.WriteAsync(http, new ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Too many chat messages.",
                    Detail = $"Each user may send {perMinute} chat messages a minute. Nothing of this one was stored; send it again after the number of seconds in 'Retry-After'.",
                });
            };
        });
}
