using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;
using TodoChat.WebApi.Telemetry;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Observability;

/// <summary>
/// ASP.NET Core's request span, as a recorded trace shows it: named by route, with OpenTelemetry's HTTP
/// server attributes; scrapes left out; server errors marked.
/// </summary>
public sealed class RequestSpanTests : TestBase
{
    [Test]
    public async Task ShouldNameTheRequestSpanByItsRouteWithTheHttpServerAttributes()
    {
        var spans = new SpanCollector();
        await using var app = new TodoChatApp(Testing.Database.ConnectionString, SpanCollector.Settings, spans.AddTo);
        using var client = app.CreateHttpClient(Tokens.For("alice"));

        using (var response = await client.GetAsync("api/alice/conversations?limit=5"))
        {
            response.EnsureSuccessStatusCode();
        }

        var span = (await spans.FirstTraceAsync()).Single(s => s.Kind == ActivityKind.Server);
        Assert.That(span.Source.Name, Is.EqualTo("Microsoft.AspNetCore"));
        Assert.That(span.DisplayName, Is.EqualTo("GET api/{user_id}/conversations"));
        Assert.That(Tags(span), Is.EquivalentTo(new Dictionary<string, string>
        {
            ["http.request.method"] = "GET",
            ["http.route"] = "api/{user_id}/conversations",
            ["http.response.status_code"] = "200",
            ["url.scheme"] = "http",
            ["url.path"] = "/api/alice/conversations",
            ["server.address"] = "127.0.0.1",
            ["server.port"] = app.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["network.protocol.version"] = "1.1",
        }));
        Assert.That(span.Status, Is.EqualTo(ActivityStatusCode.Unset), "a 200 is no error");
    }

    [Test]
    public async Task ShouldLeaveScrapesOutOfTracesAndNameAnUnroutedRequestByItsMethod()
    {
        var spans = new SpanCollector();
        await using var app = new TodoChatApp(Testing.Database.ConnectionString, SpanCollector.Settings, spans.AddTo);
        using var client = app.CreateHttpClient(Tokens.For("alice"));

        // One connection, one request after the other: each span ends before the next request is read.
        using (var scrape = await client.GetAsync("metrics"))
        {
            scrape.EnsureSuccessStatusCode();
        }

        using (var missing = await client.GetAsync("api/alice/nowhere"))
        {
            Assert.That((int)missing.StatusCode, Is.EqualTo(404));
        }

        var span = (await spans.FirstTraceAsync()).Single(s => s.Kind == ActivityKind.Server);
        Assert.That(spans.ServerSpans(), Has.Count.EqualTo(1), "the scrape has no span");
        Assert.That(span.DisplayName, Is.EqualTo("GET"), "no route matched");
        Assert.That(span.GetTagItem("http.route"), Is.Null);
        Assert.That(span.GetTagItem("http.response.status_code"), Is.EqualTo(404));
        Assert.That(span.Status, Is.EqualTo(ActivityStatusCode.Unset), "a 4xx is the caller's error, not the server's");
    }

    [TestCase(503, null, "503", TestName = "ShouldMarkAServerErrorAnswerAsAnError")]
    [TestCase(200, typeof(InvalidOperationException), "System.InvalidOperationException", TestName = "ShouldMarkAnExceptionThatEscapesAsAnError")]
    public async Task ShouldMarkServerErrors(int status, Type? thrown, string errorType)
    {
        var (activity, escaped) = await RecordAsync("POST", context =>
        {
            context.Response.StatusCode = status;
            return thrown is null ? Task.CompletedTask : throw (Exception)Activator.CreateInstance(thrown)!;
        });

        Assert.That(escaped?.GetType(), Is.EqualTo(thrown), "an exception goes on to the server, marked, not swallowed");
        Assert.That(activity.Status, Is.EqualTo(ActivityStatusCode.Error));
        Assert.That(activity.GetTagItem("error.type"), Is.EqualTo(errorType));
        Assert.That(activity.StatusDescription, Is.Null, "an exception's message may hold user data");
    }

    [Test]
    public async Task ShouldNameAnAnswerOfTheExceptionHandlerByTheRouteItKept()
    {
        // The exception handler clears the endpoint while it answers and keeps it in its feature.
        var endpoint = new Endpoint(null, new EndpointMetadataCollection(new RouteMetadata("api/{user_id}/chat")), "chat");
        var (activity, _) = await RecordAsync("POST", context =>
        {
            context.Features.Set<IExceptionHandlerFeature>(new ExceptionHandlerFeature { Error = new TimeoutException(), Endpoint = endpoint, Path = "/api/alice/chat" });
            context.Response.StatusCode = 503;
            return Task.CompletedTask;
        });

        Assert.That(activity.DisplayName, Is.EqualTo("POST api/{user_id}/chat"));
        Assert.That(activity.GetTagItem("http.route"), Is.EqualTo("api/{user_id}/chat"));
    }

    [TestCase("TRACE", "TRACE")]
    [TestCase("PROPFIND", "_OTHER")]
    public async Task ShouldNameAMethodOutsideHttpsOwnAsOther(string sent, string named)
    {
        var (activity, _) = await RecordAsync(sent, _ => Task.CompletedTask);

        Assert.That(activity.GetTagItem("http.request.method"), Is.EqualTo(named));
        Assert.That(activity.DisplayName, Is.EqualTo(named), "no route matched");
    }

    /// <summary>
    /// Runs <paramref name="endpoint"/> behind <see cref="RequestSpans"/> on a request whose span is
    /// recorded, and gives that span and the exception that came out of the pipeline, if any.
    /// </summary>
    private static async Task<(Activity Span, Exception? Escaped)> RecordAsync(string method, RequestDelegate endpoint)
    {
        using var source = new ActivitySource(TelemetrySetup.AspNetCoreActivitySource);
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        var activity = source.StartActivity("Microsoft.AspNetCore.Hosting.HttpRequestIn", ActivityKind.Server)!;
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = "/api/alice/chat";
        context.Features.Set<IHttpActivityFeature>(new ActivityFeature(activity));
        var pipeline = new ApplicationBuilder(new ServiceCollection().BuildServiceProvider());
        pipeline.UseRequestSpans(_ => false);
        pipeline.Run(endpoint);

        Exception? escaped = null;
        try
        {
            await pipeline.Build()(context);
        }
        catch (Exception ex)
        {
            escaped = ex;
        }

        activity.Stop();
        return (activity, escaped);
    }

    private static Dictionary<string, string> Tags(Activity span) =>
        span.TagObjects.ToDictionary(t => t.Key, t => Convert.ToString(t.Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);

    private sealed class ActivityFeature(Activity activity) : IHttpActivityFeature
    {
        public Activity Activity { get; set; } = activity;
    }

    private sealed class RouteMetadata(string route) : IRouteDiagnosticsMetadata
    {
        public string Route { get; } = route;
    }
}
