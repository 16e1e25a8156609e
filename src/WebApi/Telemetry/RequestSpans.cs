using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace TodoChat.WebApi.Telemetry;

/// <summary>
/// OpenTelemetry's HTTP server attributes on ASP.NET Core's own request span (source
/// <c>Microsoft.AspNetCore</c>), for the requests a trace records: method, path, scheme, server, protocol,
/// route, status, error, and the name "GET api/{user_id}/…". A request no trace records costs a feature
/// look-up and nothing else.
/// </summary>
/// <remarks>
/// Used instead of <c>OpenTelemetry.Instrumentation.AspNetCore</c>, whose diagnostic listener is on for
/// every request, sampled or not, and so also switches MVC to its diagnostic code path, and instead of
/// ASP.NET Core 10's own tags, which it builds for every request (ADR-017). A scrape of
/// <c>/metrics</c> is no part of a trace: its span is unrecorded here.
/// </remarks>
public static class RequestSpans
{
    public static IApplicationBuilder UseRequestSpans(this IApplicationBuilder app, Func<HttpContext, bool> isScrape) =>
        app.Use(next => context =>
        {
            var activity = context.Features.Get<IHttpActivityFeature>()?.Activity;
            if (activity is not { IsAllDataRequested: true })
            {
                return next(context);
            }

            if (isScrape(context))
            {
                activity.IsAllDataRequested = false;
                activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
                return next(context);
            }

            return RecordedAsync(context, next, activity);
        });

    private static async Task RecordedAsync(HttpContext context, RequestDelegate next, Activity activity)
    {
        var request = context.Request;
        var method = KnownMethod(request.Method);
        activity.DisplayName = method;
        activity.SetTag("http.request.method", method);
        activity.SetTag("url.scheme", request.Scheme);
        activity.SetTag("url.path", request.PathBase.Add(request.Path).Value is { Length: > 0 } path ? path : "/");
        if (request.Host.HasValue)
        {
            activity.SetTag("server.address", request.Host.Host);
            if (request.Host.Port is { } port)
            {
                activity.SetTag("server.port", port);
            }
        }

        activity.SetTag("network.protocol.version", request.Protocol switch
        {
            "HTTP/1.1" => "1.1",
            "HTTP/2" => "2",
            "HTTP/3" => "3",
            "HTTP/1.0" => "1.0",
            _ => null,
        });

        try
        {
            await next(context);
        }
        catch (Exception ex)
        {
            activity.SetTag("error.type", ex.GetType().FullName);
            activity.SetStatus(ActivityStatusCode.Error);
            throw;
        }
        finally
        {
            var status = context.Response.StatusCode;
            activity.SetTag("http.response.status_code", status);
            // The route as http.server.request.duration's tag reads it, from the endpoint the request
            // matched (the exception handler clears it while it answers, and keeps it in its feature).
            var endpoint = context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
            var route = endpoint?.Metadata.GetMetadata<IRouteDiagnosticsMetadata>()?.Route;
            if (!string.IsNullOrEmpty(route))
            {
                activity.SetTag("http.route", route);
                activity.DisplayName = method + " " + route;
            }

            if (status >= 500 && activity.Status != ActivityStatusCode.Error)
            {
                activity.SetTag("error.type", status.ToString(CultureInfo.InvariantCulture));
                activity.SetStatus(ActivityStatusCode.Error);
            }
        }
    }

    /// <summary>The method as OpenTelemetry's conventions name it: one of HTTP's nine, else "_OTHER".</summary>
    private static string KnownMethod(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method)
        || HttpMethods.IsDelete(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
        || HttpMethods.IsTrace(method) || HttpMethods.IsConnect(method)
            ? method
            : "_OTHER";
}
