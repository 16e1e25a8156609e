using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using TodoChat.WebApi.Auth;
using TodoChat.WebApi.Errors;

namespace TodoChat.WebApi;

/// <summary>
/// Per-user rate limits, answered with a 429 problem and <c>Retry-After</c>: chat turns
/// (<see cref="ApiOptions.ChatTurnsPerMinute"/>) and writes, REST and MCP alike
/// (<see cref="ApiOptions.WritesPerMinute"/>). Each is a <see cref="TokenBucket"/> per user that
/// refills evenly, with bursts up to the minute's number, on the service's <see cref="TimeProvider"/>.
/// </summary>
public static class UserRateLimits
{
    public const string ChatTurns = "chat-turns";
    public const string Writes = "writes";

    public static IServiceCollection AddUserRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(ChatTurns, http => PerUser(http, api => api.ChatTurnsPerMinute));
            options.AddPolicy(Writes, http => PerUser(http, api => api.WritesPerMinute));
            options.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                var api = http.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value;
                var chat = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == ChatTurns;
                await ProblemResult.WriteAsync(http, new ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = chat ? "Too many chat messages." : "Too many changes.",
                    Detail = chat
                        ? $"Each user may send {api.ChatTurnsPerMinute} chat messages a minute. Nothing of this one was stored; send it again after the number of seconds in 'Retry-After'."
                        : $"Each user may make {api.WritesPerMinute} changes a minute (REST writes and MCP calls). Nothing of this one was applied; send it again after the number of seconds in 'Retry-After'.",
                });
            };
        });

    private static RateLimitPartition<string> PerUser(HttpContext http, Func<ApiOptions, int> limit)
    {
        var perMinute = limit(http.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value);
        if (perMinute <= 0)
        {
            return RateLimitPartition.GetNoLimiter(string.Empty);
        }

        // Behind authorization: the token's user, who is also the path's.
        var clock = http.RequestServices.GetRequiredService<TimeProvider>();
        return RateLimitPartition.Get(http.User.UserId(), _ => new TokenBucket(perMinute, TimeSpan.FromMinutes(1) / perMinute, clock));
    }
}
