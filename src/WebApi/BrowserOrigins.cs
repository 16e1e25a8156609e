using TodoChat.Application.Common.Idempotency;

namespace TodoChat.WebApi;

/// <summary>CORS for the origins in <see cref="ApiOptions.AllowedOrigins"/>: the API's methods and headers, and the response headers clients read.</summary>
public static class BrowserOrigins
{
    public static IServiceCollection AddBrowserOrigins(this IServiceCollection services, IConfiguration configuration)
    {
        var origins = configuration.GetSection(ApiOptions.SectionName).Get<ApiOptions>()?.AllowedOrigins ?? [];
        return services.AddCors(options => options.AddDefaultPolicy(policy =>
        {
            if (origins.Length == 0)
            {
                return;
            }

            policy.WithOrigins(origins)
                .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")
                .WithHeaders("Authorization", "Content-Type", "If-None-Match", IdempotencyKeys.Header)
                .WithExposedHeaders("ETag", "Location", "Retry-After", IdempotencyKeys.ReplayedHeader)
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10));
        }));
    }
}
