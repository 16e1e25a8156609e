using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace TodoChat.WebApi.Tests.Support;

/// <summary>
/// An OpenAI-compatible chat completions server on loopback that answers from a script: tool calls,
/// text, error statuses or silence. It serves OpenAI's <c>/v1/chat/completions</c> and Azure's
/// <c>/openai/deployments/{name}/chat/completions</c>, and keeps every request it received.
/// </summary>
public sealed class ScriptedOpenAiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _script = new();

    private ScriptedOpenAiServer(WebApplication app) => _app = app;

    private int _answering;
    private int _mostAnsweringAtOnce;

    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    /// <summary>Completes when the server has received <paramref name="count"/> requests in all (a signal, not a poll).</summary>
    public Task ReceivedAsync(int count)
    {
        lock (_waiters)
        {
            if (Requests.Count >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, reached));
            return reached.Task;
        }
    }

    /// <summary>How long the model thinks before each answer (a hosted model takes seconds); zero by default.</summary>
    public TimeSpan AnswerDelay { get; set; }

    /// <summary>The most requests the server was answering at one time: how many turns were at the model together.</summary>
    public int MostAnsweringAtOnce => Volatile.Read(ref _mostAnsweringAtOnce);

    public Uri BaseAddress => _app.BaseAddress();

    /// <summary>The OpenAI-style base URL (what <c>Ai__Endpoint</c> takes for the openai provider).</summary>
    public string OpenAiEndpoint => new Uri(BaseAddress, "v1").ToString();

    public static async Task<ScriptedOpenAiServer> StartAsync()
    {
        var app = LoopbackApp.Create();
        var server = new ScriptedOpenAiServer(app);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        app.MapPost("/openai/deployments/{deployment}/chat/completions", server.HandleAsync);
        await app.StartAsync();
        return server;
    }

    /// <summary>The next answer calls these tools: (name, JSON arguments).</summary>
    public ScriptedOpenAiServer ThenToolCalls(params (string Name, string Arguments)[] calls) => Then(ToolCallsAnswer(calls));

    /// <summary>The next answer is this text.</summary>
    public ScriptedOpenAiServer ThenText(string text) => Then(TextAnswer(text));

    /// <summary>
    /// The next answer is this text; asked to stream, the server sends every chunk but the last (the one
    /// with <c>finish_reason</c>) and holds that until <paramref name="lastChunk"/> completes.
    /// </summary>
    public ScriptedOpenAiServer ThenText(string text, Task lastChunk) =>
        Then(Completion(new JsonObject { ["role"] = "assistant", ["content"] = text }, "stop", lastChunk));

    /// <summary>The next answer is an error status, with <c>Retry-After</c> when given.</summary>
    public ScriptedOpenAiServer ThenStatus(int status, int? retryAfterSeconds = null) =>
        Then(async context =>
        {
            context.Response.StatusCode = status;
            if (retryAfterSeconds is int seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await context.Response.WriteAsJsonAsync(new { error = new { message = "scripted failure", type = "server_error", code = status.ToString(System.Globalization.CultureInfo.InvariantCulture) } });
        });

    /// <summary>The next answer is an OpenAI-style error with this <c>error.code</c> (<c>context_length_exceeded</c>).</summary>
    public ScriptedOpenAiServer ThenError(int status, string code) =>
        Then(async context =>
        {
            context.Response.StatusCode = status;
            await context.Response.WriteAsJsonAsync(new { error = new { message = "This model's maximum context length is 8192 tokens.", type = "invalid_request_error", param = "messages", code } });
        });

    /// <summary>
    /// Answers requests the script has no step for, by what they carry: stateless, so a turn that is
    /// run again gets the same answers. Null from the responder falls through to the 500.
    /// </summary>
    public Func<ReceivedRequest, Func<HttpContext, Task>?>? Responder { get; set; }

    /// <summary>An answer that calls these tools, for a <see cref="Responder"/>.</summary>
    public static Func<HttpContext, Task> ToolCallsAnswer(params (string Name, string Arguments)[] calls)
    {
        var toolCalls = new JsonArray(calls.Select((c, i) => (JsonNode)new JsonObject
        {
            ["id"] = $"call_{Guid.NewGuid():N}"[..16] + i,
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.Arguments },
        }).ToArray());
        return Completion(new JsonObject { ["role"] = "assistant", ["content"] = null, ["tool_calls"] = toolCalls }, "tool_calls");
    }

    /// <summary>An answer of this text, for a <see cref="Responder"/>.</summary>
    public static Func<HttpContext, Task> TextAnswer(string text) =>
        Completion(new JsonObject { ["role"] = "assistant", ["content"] = text }, "stop");

    /// <summary>The next request gets no answer until the client gives up.</summary>
    public ScriptedOpenAiServer ThenHang() =>
        Then(async context => await Task.Delay(Timeout.Infinite, context.RequestAborted));

    /// <summary>The service with its agent on this server: short timeouts, two retries with a 50 ms backoff.</summary>
    public TodoChatApp StartService(string provider = "openai", Dictionary<string, string?>? extra = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Ai:Provider"] = provider,
            ["Ai:Endpoint"] = provider == "openai" ? OpenAiEndpoint : BaseAddress.ToString(),
            ["Ai:Model"] = provider == "openai" ? "scripted-model-name" : "my-deployment",
            ["Ai:ApiKey"] = "test-key",
            ["Ai:AttemptTimeoutSeconds"] = "5",
            ["Ai:TotalTimeoutSeconds"] = "20",
            ["Ai:MaxRetries"] = "2",
            ["Ai:RetryDelayMilliseconds"] = "50",
            ["Ai:RetryAfterSeconds"] = "30",
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        return new TodoChatApp(Testing.Database.ConnectionString, settings, services);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private ScriptedOpenAiServer Then(Func<HttpContext, Task> step)
    {
        _script.Enqueue(step);
        return this;
    }

    /// <summary>
    /// A request with <c>"stream": true</c> gets the answer as OpenAI streams it: <c>chat.completion.chunk</c>
    /// objects as Server-Sent Events, the text a word at a time, each tool call as a first delta (id,
    /// name) and its arguments in two more, then the chunk with <c>finish_reason</c> and <c>[DONE]</c>.
    /// </summary>
    private static async Task StreamAsync(HttpContext context, JsonObject message, string finishReason, Task? lastChunk)
    {
        var id = "chatcmpl-" + Guid.NewGuid().ToString("N")[..12];
        JsonObject Chunk(JsonObject delta, string? finish = null) => new()
        {
            ["id"] = id,
            ["object"] = "chat.completion.chunk",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = "scripted-model",
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
        };

        var chunks = new List<JsonObject> { Chunk(new JsonObject { ["role"] = "assistant", ["content"] = "" }) };
        if (message["content"] is JsonValue content && (string?)content is { Length: > 0 } text)
        {
            chunks.AddRange(System.Text.RegularExpressions.Regex.Split(text, @"(?<= )").Where(w => w.Length > 0).Select(w => Chunk(new JsonObject { ["content"] = w })));
        }

        if (message["tool_calls"] is JsonArray calls)
        {
            for (var i = 0; i < calls.Count; i++)
            {
                var call = calls[i]!;
                var arguments = (string)call["function"]!["arguments"]!;
                var half = arguments.Length / 2;
                chunks.Add(Chunk(new JsonObject { ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = i, ["id"] = (string)call["id"]!, ["type"] = "function", ["function"] = new JsonObject { ["name"] = (string)call["function"]!["name"]!, ["arguments"] = "" } }) }));
                chunks.Add(Chunk(new JsonObject { ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = i, ["function"] = new JsonObject { ["arguments"] = arguments[..half] } }) }));
                chunks.Add(Chunk(new JsonObject { ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = i, ["function"] = new JsonObject { ["arguments"] = arguments[half..] } }) }));
            }
        }

        chunks.Add(Chunk(new JsonObject(), finishReason));
        context.Response.ContentType = "text/event-stream";
        for (var i = 0; i < chunks.Count; i++)
        {
            if (i == chunks.Count - 1 && lastChunk is not null)
            {
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await lastChunk.WaitAsync(context.RequestAborted);
            }

            await context.Response.WriteAsync("data: " + chunks[i].ToJsonString() + "\n\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }

        await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
    }

    private static Func<HttpContext, Task> Completion(JsonObject message, string finishReason, Task? lastChunk = null) =>
        context => context.Items[StreamRequested] is true ? StreamAsync(context, message, finishReason, lastChunk) : context.Response.WriteAsJsonAsync(new JsonObject
        {
            ["id"] = "chatcmpl-" + Guid.NewGuid().ToString("N")[..12],
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = "scripted-model",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = message.DeepClone(),
                ["finish_reason"] = finishReason,
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = 5, ["total_tokens"] = 15 },
        });

    private const string StreamRequested = "stream";

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var request = new ReceivedRequest(
            context.Request.Path + context.Request.QueryString,
            context.Request.Headers.Authorization.ToString(),
            context.Request.Headers["api-key"].ToString(),
            JsonNode.Parse(body)!);
        context.Items[StreamRequested] = request.Body["stream"] is JsonValue stream && (bool)stream;
        lock (_waiters)
        {
            Requests.Enqueue(request);
            foreach (var waiter in _waiters.Where(w => Requests.Count >= w.Count).ToList())
            {
                waiter.Reached.TrySetResult();
                _waiters.Remove(waiter);
            }
        }

        var answering = Interlocked.Increment(ref _answering);
        try
        {
            for (var most = Volatile.Read(ref _mostAnsweringAtOnce); answering > most; most = Volatile.Read(ref _mostAnsweringAtOnce))
            {
                Interlocked.CompareExchange(ref _mostAnsweringAtOnce, answering, most);
            }

            if (AnswerDelay > TimeSpan.Zero)
            {
                await Task.Delay(AnswerDelay, context.RequestAborted);
            }

            if (_script.TryDequeue(out var step) || (step = Responder?.Invoke(request)) is not null)
            {
                await step(context);
                return;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _answering);
        }

        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        await context.Response.WriteAsJsonAsync(new { error = new { message = "the script has no more answers" } });
    }
}

/// <summary>One request the scripted server received.</summary>
public sealed record ReceivedRequest(string PathAndQuery, string Authorization, string ApiKey, JsonNode Body)
{
    public IReadOnlyList<(string Role, string? Content)> Messages =>
        Body["messages"]!.AsArray().Select(m => ((string)m!["role"]!, m["content"] is JsonValue v ? (string?)v : m["content"]?.ToJsonString())).ToList();

    /// <summary>The newest user message: which turn this request belongs to.</summary>
    public string? LastUserMessage => Messages.LastOrDefault(m => m.Role == "user").Content;

    /// <summary>How many tool results the request carries: 0 on a turn's first call.</summary>
    public int ToolResults => Messages.Count(m => m.Role == "tool");

    /// <summary>The newest tool result the request carries, parsed; null on a turn's first call.</summary>
    public JsonNode? LastToolResult => Messages.LastOrDefault(m => m.Role == "tool").Content is { } content ? JsonNode.Parse(content) : null;

    public IReadOnlyList<string> ToolNames =>
        Body["tools"]?.AsArray().Select(t => (string)t!["function"]!["name"]!).ToList() ?? [];

    public string ToolSchema(string name) =>
        Body["tools"]!.AsArray().Single(t => (string?)t!["function"]!["name"] == name)!["function"]!["parameters"]!.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
