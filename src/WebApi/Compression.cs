using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace TodoChat.WebApi;

/// <summary>
/// Brotli (its default level, 4) or gzip (fastest) for the reads that can be large: lists and history
/// pages of up to 1,000 messages. A 1,000-message page of 329 KB becomes 22 KB with Brotli (36 KB with
/// gzip; Brotli at its fastest level gave 53 KB). Chat answers and other writes are small and are sent
/// as they are; clients that send no Accept-Encoding get plain JSON.
/// </summary>
public static class Compression
{
    public static IServiceCollection AddReadCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(options =>
        {
            // The API carries no secret a request could reflect next to (no cookies, no CSRF tokens),
            // so compressing over HTTPS does not open it to BREACH-style guessing.
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = ["application/json"];
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return services;
    }

    /// <summary>Compresses GETs under /api only.</summary>
    public static IApplicationBuilder UseReadCompression(this IApplicationBuilder app) =>
        app.UseWhen(
            http => HttpMethods.IsGet(http.Request.Method) && http.Request.Path.StartsWithSegments("/api"),
            branch => branch.UseResponseCompression());
}
