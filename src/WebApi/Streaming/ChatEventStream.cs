using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using TodoChat.Application.Chat;
using TodoChat.Application.Chat.Commands.SendChatMessage;
using TodoChat.Application.Chat.Streaming;
using TodoChat.Application.Conversations;
using TodoChat.Domain.Conversations;

namespace TodoChat.WebApi.Streaming;

/// <summary>
/// A chat turn as Server-Sent Events (ADR-014). The turn queues its events here as it runs; one writer
/// sends them, each with an <c>id:</c> and flushed on its own, with a comment as a heartbeat while nothing
/// else is said. A client that goes away stops the writing, never the turn: it runs on and is stored.
/// </summary>
public sealed class ChatEventStream : IChatTurnEvents
{
    public const string MediaType = "text/event-stream";

    public static class Names
    {
        public const string TurnStarted = "turn.started";
        public const string ToolStarted = "tool.started";
        public const string ToolCompleted = "tool.completed";
        public const string MessageDelta = "message.delta";
        public const string TurnRestarted = "turn.restarted";
        public const string TurnCompleted = "turn.completed";
        public const string TurnFailed = "turn.failed";
    }

    private readonly Channel<string> _frames = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly JsonSerializerOptions _json;
    private int _lastId;
    private readonly TimeProvider _clock;
    private long _lastSent;

    public ChatEventStream(JsonSerializerOptions json, TimeProvider clock)
    {
        _json = json;
        _clock = clock;
        _lastSent = clock.GetTimestamp();
    }

    /// <summary>Completes with the turn's first event: from then on, what happens is said in the stream.</summary>
    public Task FirstEvent => _started.Task;

    /// <summary>Whether the client left before the turn's end (what it missed, it reads from the history).</summary>
    public bool ClientGone { get; private set; }

    public void Started(Guid conversationId) => Send(Names.TurnStarted, new TurnStartedEvent(conversationId));

    public void ToolStarted(string callId, string tool, JsonElement arguments) => Send(Names.ToolStarted, new ToolEvent(callId, tool, arguments, null));

    public void ToolCompleted(string callId, string tool, JsonElement arguments, JsonElement result) => Send(Names.ToolCompleted, new ToolEvent(callId, tool, arguments, result));

    public void Delta(string text) => Send(Names.MessageDelta, new DeltaEvent(text));

    /// <summary>Which run of the turn the events since the last <c>turn.restarted</c> belong to.</summary>
    public int Attempt { get; private set; } = 1;

    public void Restarted(int attempt)
    {
        Attempt = attempt;
        Send(Names.TurnRestarted, new RestartedEvent(attempt));
    }

    /// <summary>
    /// A turn told from its stored outcome, as a replay of its Idempotency-Key does: the same events a
    /// live turn sends, the reply in one chunk.
    /// </summary>
    public void Replay(ChatTurnResult result)
    {
        Started(result.Turn.ConversationId);
        var n = 0;
        foreach (var call in result.Turn.ToolCalls)
        {
            var callId = "call_" + (++n).ToString(CultureInfo.InvariantCulture);
            ToolStarted(callId, call.Tool, call.Arguments);
            ToolCompleted(callId, call.Tool, call.Arguments, call.Result);
        }

        Delta(result.Turn.Response);
    }

    /// <summary>The last event of a stored turn: the reply as stored, and the conversation's new ETag.</summary>
    public void Completed(ChatTurnResult result)
    {
        var reply = result.Reply is { } stored
            ? new MessageDto(stored.Id, stored.Seq, MessageRole.Assistant, result.Turn.Response, stored.CreatedAt)
            : null;
        Send(Names.TurnCompleted, new TurnCompletedEvent(result.Turn.ConversationId, reply, result.Turn.ToolCalls, result.ETag));
        _frames.Writer.TryComplete();
    }

    /// <summary>The last event of a turn of which nothing was stored.</summary>
    public void Failed(ProblemDetails problem)
    {
        Send(Names.TurnFailed, problem);
        _frames.Writer.TryComplete();
    }

    /// <summary>
    /// A comment line, when nothing was sent for <paramref name="quiet"/>: keeps proxies and clients from
    /// timing the connection out while the model is silent.
    /// </summary>
    public void Heartbeat(TimeSpan quiet)
    {
        if (_clock.GetElapsedTime(Interlocked.Read(ref _lastSent)) >= quiet)
        {
            _frames.Writer.TryWrite(": heartbeat\n\n");
        }
    }

    /// <summary>Sends every event to the client as it comes, until the turn's last; returns when that is sent or the client is gone.</summary>
    public async Task WriteToAsync(HttpResponse response, CancellationToken clientGone)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = MediaType + "; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        try
        {
            await response.StartAsync(clientGone);
            await foreach (var frame in _frames.Reader.ReadAllAsync(CancellationToken.None))
            {
                await response.WriteAsync(frame, Encoding.UTF8, clientGone);
                await response.Body.FlushAsync(clientGone);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The client went away. The turn goes on; nothing more is written.
            ClientGone = true;
        }
    }

    private void Send<T>(string name, T data)
    {
        var id = Interlocked.Increment(ref _lastId).ToString(CultureInfo.InvariantCulture);
        _frames.Writer.TryWrite($"id: {id}\nevent: {name}\ndata: {JsonSerializer.Serialize(data, _json)}\n\n");
        Interlocked.Exchange(ref _lastSent, _clock.GetTimestamp());
        _started.TrySetResult();
    }

    private sealed record TurnStartedEvent(Guid ConversationId);

    private sealed record ToolEvent(
        string CallId,
        string Tool,
        JsonElement Arguments,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] JsonElement? Result);

    private sealed record DeltaEvent(string Text);

    private sealed record RestartedEvent(int Attempt);

    private sealed record TurnCompletedEvent(Guid ConversationId, MessageDto? Message, IReadOnlyList<ToolCallDto> ToolCalls, string Etag);
}
