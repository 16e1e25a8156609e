using System.Globalization;

// A fake slow model for S7s: POST /v1/chat/completions answers a plain chat.completion (the shape the
// OpenAI client accepts, as tests/WebApi.Tests/Support/ScriptedOpenAiServer.cs writes it) after
// --delay-ms milliseconds (SlowModel__DelayMs; 2000 by default). The delay is the model thinking: it
// holds no thread, so hundreds of calls can wait at once. Listens where --urls says.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var delayMs = int.Parse(builder.Configuration["delay-ms"] ?? builder.Configuration["SlowModel:DelayMs"] ?? "2000", CultureInfo.InvariantCulture);
if (delayMs < 0)
{
    throw new InvalidOperationException("--delay-ms must be 0 or more.");
}

// Kestrel's default is no limit; said here so that nobody lowers it below the benchmark's connections.
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxConcurrentConnections = null);

var app = builder.Build();

app.MapGet("/health", () => Results.Text("ok"));

app.MapPost("/v1/chat/completions", async (HttpContext context) =>
{
    var cancel = context.RequestAborted;
    using var body = new MemoryStream();
    await context.Request.Body.CopyToAsync(body, cancel);

    // The simulated model.
    await Task.Delay(delayMs, cancel);

    const string Text = "Hello! I am a slow benchmark model. How can I help with your tasks?";
    var promptTokens = (int)Math.Max(1, body.Length / 4);
    const int CompletionTokens = 16;
    return Results.Json(new
    {
        id = "chatcmpl-" + Guid.NewGuid().ToString("N")[..12],
        @object = "chat.completion",
        created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        model = "slow-model",
        choices = new[]
        {
            new
            {
                index = 0,
                message = new { role = "assistant", content = Text },
                finish_reason = "stop",
            },
        },
        usage = new { prompt_tokens = promptTokens, completion_tokens = CompletionTokens, total_tokens = promptTokens + CompletionTokens },
    });
});

app.Run();
