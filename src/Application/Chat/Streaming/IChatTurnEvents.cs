using System.Text.Json;

namespace TodoChat.Application.Chat.Streaming;

/// <summary>
/// Where a streamed turn says what it is doing while it runs (ADR-014). Called from the turn's own
/// flow, one call at a time; an implementation must not block (it queues for the writer).
/// </summary>
public interface IChatTurnEvents
{
    /// <summary>The turn's reads are done: it will run, on this conversation (a new one has its id already).</summary>
    void Started(Guid conversationId);

    /// <summary>The model called a tool.</summary>
    void ToolStarted(string callId, string tool, JsonElement arguments);

    /// <summary>A tool answered; its effect is staged, and stored only when the turn commits.</summary>
    void ToolCompleted(string callId, string tool, JsonElement arguments, JsonElement result);

    /// <summary>Text of the reply, in order: the stored reply is these chunks joined.</summary>
    void Delta(string text);

    /// <summary>
    /// What the turn read changed before it could be stored: everything streamed since <see cref="Started"/>
    /// (or the last restart) is void, and the turn runs again.
    /// </summary>
    void Restarted(int attempt);
}
