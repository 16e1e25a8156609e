using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace TodoChat.WebApi.Tests.Support;

/// <summary>One Server-Sent Event as a client reads it; a heartbeat comment has only <see cref="Comment"/>.</summary>
public sealed record ServerSentEvent(string? Id, string? Name, JsonNode? Data, string? Comment, TimeSpan At);

/// <summary>A streamed chat turn, read event by event as the bytes arrive.</summary>
public sealed class EventStream : IDisposable
{
    private readonly Stopwatch _sent;
    private StreamReader? _reader;

    private EventStream(HttpResponseMessage response, Stopwatch sent)
    {
        Response = response;
        _sent = sent;
    }

    public HttpResponseMessage Response { get; }

    /// <summary>Every event read so far, heartbeats included.</summary>
    public List<ServerSentEvent> Read { get; } = [];

    /// <summary>POSTs a chat message with <c>Accept: text/event-stream</c>; returns once the headers are in.</summary>
    public static async Task<EventStream> ChatAsync(HttpClient client, string uri, Guid? conversationId, string message, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = JsonContent.Create(new { conversation_id = conversationId, message }, options: Json.Options),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        var sent = Stopwatch.StartNew();
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new EventStream(response, sent);
    }

    /// <summary>The next event (or heartbeat); null at the end of the stream.</summary>
    public async Task<ServerSentEvent?> NextAsync()
    {
        _reader ??= new StreamReader(await Response.Content.ReadAsStreamAsync());
        string? id = null, name = null, data = null, comment = null;
        while (await _reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0)
            {
                if (id is null && name is null && data is null && comment is null)
                {
                    continue;
                }

                var e = new ServerSentEvent(id, name, data is null ? null : JsonNode.Parse(data), comment, _sent.Elapsed);
                Read.Add(e);
                return e;
            }

            if (line.StartsWith(':'))
            {
                comment = line[1..].Trim();
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = data is null ? line[6..] : data + "\n" + line[6..];
            }
        }

        return null;
    }

    /// <summary>Reads until an event of this name (heartbeats and others on the way are kept in <see cref="Read"/>).</summary>
    public async Task<ServerSentEvent> UntilAsync(string name)
    {
        while (await NextAsync() is { } e)
        {
            if (e.Name == name)
            {
                return e;
            }
        }

        throw new AssertionException($"The stream ended without '{name}'; it sent: {string.Join(", ", Read.Select(r => r.Name ?? ":" + r.Comment))}.");
    }

    /// <summary>Reads to the end; returns the named events (no heartbeats).</summary>
    public async Task<List<ServerSentEvent>> ToEndAsync()
    {
        while (await NextAsync() is not null)
        {
        }

        return Read.Where(e => e.Name is not null).ToList();
    }

    public void Dispose()
    {
        _reader?.Dispose();
        Response.Dispose();
    }
}
