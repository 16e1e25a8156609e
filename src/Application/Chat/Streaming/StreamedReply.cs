using System.Text;
using System.Text.Json;
using TodoChat.Application.Common;
using TodoChat.Domain.Text;

namespace TodoChat.Application.Chat.Streaming;

/// <summary>
/// One run of a streamed turn, between the agent and the client's events: cleans what the model says
/// as the stored reply is cleaned (<see cref="UserText.Clean"/>, <see cref="StorableJson.Clean(JsonElement)"/>), and
/// trims it as a whole (no leading white space is sent; trailing white space is held back until more
/// text follows), so the chunks sent, joined, are exactly the reply stored. An empty reply becomes
/// "Done.", sent as its one chunk.
/// </summary>
public sealed class StreamedReply(IChatTurnEvents events)
{
    public const string EmptyReply = "Done.";

    private readonly StringBuilder _sent = new();
    private readonly StringBuilder _heldWhiteSpace = new();
    private string _heldSurrogate = string.Empty;

    public void ToolStarted(string callId, string tool, JsonElement arguments) =>
        events.ToolStarted(callId, UserText.Clean(tool), StorableJson.Clean(arguments));

    public void ToolCompleted(string callId, string tool, JsonElement arguments, JsonElement result) =>
        events.ToolCompleted(callId, UserText.Clean(tool), StorableJson.Clean(arguments), StorableJson.Clean(result));

    /// <summary>A chunk of the model's text, as it came.</summary>
    public void Delta(string chunk)
    {
        var text = _heldSurrogate + chunk;
        _heldSurrogate = string.Empty;
        if (text.Length > 0 && char.IsHighSurrogate(text[^1]))
        {
            // Its pair may be in the next chunk: cleaning it alone would replace it.
            _heldSurrogate = text[^1..];
            text = text[..^1];
        }

        Send(UserText.Clean(text));
    }

    /// <summary>The end of the model's text: what is stored, every chunk of it sent.</summary>
    public string Finish()
    {
        if (_heldSurrogate.Length > 0)
        {
            Send(UserText.Clean(_heldSurrogate));
            _heldSurrogate = string.Empty;
        }

        if (_sent.Length == 0)
        {
            _sent.Append(EmptyReply);
            events.Delta(EmptyReply);
        }

        return _sent.ToString();
    }

    private void Send(string text)
    {
        var end = text.Length;
        while (end > 0 && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (end == 0)
        {
            // All white space: kept back until text follows it (or dropped, at the start and the end).
            if (_sent.Length > 0)
            {
                _heldWhiteSpace.Append(text);
            }

            return;
        }

        var start = 0;
        if (_sent.Length == 0)
        {
            while (char.IsWhiteSpace(text[start]))
            {
                start++;
            }
        }

        var chunk = _heldWhiteSpace + text[start..end];
        _heldWhiteSpace.Clear().Append(text[end..]);
        _sent.Append(chunk);
        events.Delta(chunk);
    }
}
