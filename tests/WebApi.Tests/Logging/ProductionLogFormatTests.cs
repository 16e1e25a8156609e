using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Logging;

/// <summary>In Production the console log is JSON lines whose scopes carry the trace and span ids.</summary>
public sealed class ProductionLogFormatTests : TestBase
{
    [Test]
    public async Task ShouldWriteJsonLinesWithTraceIdsInProduction()
    {
        await using var app = new TodoChatApp(Testing.Database.ConnectionString, new Dictionary<string, string?> { [WebHostDefaults.EnvironmentKey] = "Production" });

        var console = app.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;
        var json = app.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue;
        var tracking = app.Services.GetRequiredService<IOptions<LoggerFactoryOptions>>().Value.ActivityTrackingOptions;

        Assert.That(console.FormatterName, Is.EqualTo(ConsoleFormatterNames.Json));
        Assert.That(json.IncludeScopes, Is.True, "the trace and span ids are scopes");
        Assert.That(tracking.HasFlag(ActivityTrackingOptions.TraceId) && tracking.HasFlag(ActivityTrackingOptions.SpanId), Is.True);
    }

    [Test]
    public void ShouldKeepTheDevelopmentConsoleReadable()
    {
        var console = Testing.App.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;

        Assert.That(console.FormatterName, Is.Null.Or.EqualTo(ConsoleFormatterNames.Simple));
    }
}
