using System.Diagnostics;
using System.Text;
using System.Text.Json;
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
    public async Task ShouldPrintJsonLinesCarryingTheCallersTraceIdWhenRunAsAProgram()
    {
        // The service as an operator runs it: its own process, Production, reading its console.
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        var port = LoopbackPorts.Free();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "TodoChat.WebApi.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__TodoChat"] = Testing.Database.ConnectionString;
        start.Environment["Auth__JwtSecret"] = TestSecrets.JwtSecret;
        start.Environment["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information";
        var lines = new List<string>();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var requestLogged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Printed(string? line)
        {
            if (line is not { Length: > 0 })
            {
                return;
            }

            lock (lines)
            {
                lines.Add(line);
            }

            // The host's own "Application started" entry: the signal that requests are taken.
            if (line.Contains("\"Category\":\"Microsoft.Hosting.Lifetime\"", StringComparison.Ordinal) && line.Contains("Application started", StringComparison.Ordinal))
            {
                started.TrySetResult();
            }

            // The console logger writes from a queue of its own, after the answer: its last entry for
            // the request is the signal that the request's lines are all out.
            if (line.Contains("Request finished", StringComparison.Ordinal) && line.Contains(traceId, StringComparison.Ordinal))
            {
                requestLogged.TrySetResult();
            }
        }

        using var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Printed(e.Data);
        process.ErrorDataReceived += (_, e) => Printed(e.Data);
        process.Exited += (_, _) => started.TrySetException(new AssertionException("the service stopped while starting"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            using var request = new HttpRequestMessage(HttpMethod.Get, "health");
            request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
            using (var response = await client.SendAsync(request))
            {
                response.EnsureSuccessStatusCode();
            }

            await requestLogged.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        string[] printed;
        lock (lines)
        {
            printed = [.. lines];
        }

        var entries = printed.Select(line => Parse(line)).ToList();
        var traced = entries.Where(e => e.TryGetProperty("Scopes", out var scopes)
            && scopes.EnumerateArray().Any(s => s.TryGetProperty("TraceId", out var id) && id.GetString() == traceId)).ToList();
        Assert.That(traced.Select(e => e.GetProperty("Category").GetString()), Has.Some.EqualTo("Microsoft.AspNetCore.Hosting.Diagnostics"), "the request's log lines carry the caller's trace id");
        Assert.That(traced, Has.All.Matches<JsonElement>(e => e.TryGetProperty("Timestamp", out _) && e.TryGetProperty("LogLevel", out _)));
    }

    private static JsonElement Parse(string line)
    {
        try
        {
            return JsonDocument.Parse(line).RootElement.Clone();
        }
        catch (JsonException)
        {
            Assert.Fail($"Not a JSON line: {line}");
            throw;
        }
    }

    [Test]
    public void ShouldKeepTheDevelopmentConsoleReadable()
    {
        var console = Testing.App.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;

        Assert.That(console.FormatterName, Is.Null.Or.EqualTo(ConsoleFormatterNames.Simple));
    }
}
