using System.Text.Json;
using Microsoft.Extensions.AI;

namespace TodoChat.Infrastructure.Ai.Builtin;

/// <summary>
/// The offline agent: an <see cref="IChatClient"/> that needs no model and no key. It reads the user's
/// last message (<see cref="IntentRecognizer"/>), answers with calls of the task tools, run by the same
/// function-invocation pipeline as a real model's (<see cref="TurnPlanner"/>), and once their results
/// are in, confirms what it did in a sentence (<see cref="AgentReplies"/>). This class only adapts:
/// it finds the message and the tool results in the history and wraps the plan as a response.
/// Deterministic: the same conversation always gets the same answer.
/// </summary>
internal sealed class BuiltinChatClient(TurnPlanner planner) : IChatClient
{
    public const string ModelId = "todochat-builtin";

    private static readonly ChatClientMetadata Metadata = new("todochat-builtin", null, ModelId);

    /// <summary>The agent as the service runs it: rules, with sentence embeddings where they are unsure.</summary>
    public BuiltinChatClient()
        : this(new TurnPlanner(new TaskMatcher(MiniLmTitleSimilarity.Shared)))
    {
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var history = messages as IList<ChatMessage> ?? messages.ToList();
        var lastUser = -1;
        for (var i = history.Count - 1; i >= 0; i--)
        {
            if (history[i].Role == ChatRole.User)
            {
                lastUser = i;
                break;
            }
        }

        var plan = lastUser < 0
            ? TurnPlan.Say(AgentReplies.Help)
            : planner.Next(IntentRecognizer.Recognize(history[lastUser].Text), StepsSince(history, lastUser));
        return Task.FromResult(plan.Reply is { } reply
            ? new ChatResponse(new ChatMessage(ChatRole.Assistant, reply)) { ModelId = ModelId, FinishReason = ChatFinishReason.Stop }
            : new ChatResponse(new ChatMessage(ChatRole.Assistant, [.. plan.Calls])) { ModelId = ModelId, FinishReason = ChatFinishReason.ToolCalls });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            foreach (var part in StreamedWordByWord(update))
            {
                yield return part;
            }
        }
    }

    /// <summary>Text comes out a few words at a time, as a model streams it; anything else as it is.</summary>
    private static IEnumerable<ChatResponseUpdate> StreamedWordByWord(ChatResponseUpdate update)
    {
        if (!update.Contents.OfType<TextContent>().Any())
        {
            yield return update;
            yield break;
        }

        ChatResponseUpdate Part(IList<AIContent> contents) => new(update.Role, contents)
        {
            ResponseId = update.ResponseId,
            MessageId = update.MessageId,
            ConversationId = update.ConversationId,
            CreatedAt = update.CreatedAt,
            ModelId = update.ModelId,
        };

        var others = update.Contents.Where(c => c is not TextContent).ToList();
        if (others.Count > 0)
        {
            yield return Part(others);
        }

        const int wordsPerChunk = 3;
        foreach (var text in update.Contents.OfType<TextContent>().Select(t => t.Text))
        {
            var start = 0;
            for (int i = 0, words = 0; i < text.Length; i++)
            {
                if (text[i] == ' ' && ++words % wordsPerChunk == 0)
                {
                    yield return Part([new TextContent(text[start..(i + 1)])]);
                    start = i + 1;
                }
            }

            if (start < text.Length)
            {
                yield return Part([new TextContent(text[start..])]);
            }
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ChatClientMetadata) ? Metadata
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }

    /// <summary>The tool calls made since the user's message, each with its result.</summary>
    private static List<ToolStep> StepsSince(IList<ChatMessage> history, int lastUser)
    {
        var calls = new Dictionary<string, FunctionCallContent>(StringComparer.Ordinal);
        var steps = new List<ToolStep>();
        for (var i = lastUser + 1; i < history.Count; i++)
        {
            foreach (var content in history[i].Contents)
            {
                switch (content)
                {
                    case FunctionCallContent call:
                        calls[call.CallId] = call;
                        break;
                    case FunctionResultContent result when calls.TryGetValue(result.CallId, out var call):
                        steps.Add(new ToolStep(call.Name, ToJson(result.Result)));
                        break;
                }
            }
        }

        return steps;
    }

    private static JsonElement ToJson(object? result) =>
        result switch
        {
            JsonElement element => element,
            null => default,
            string text when text.Length > 0 && text[0] is '{' or '[' => JsonDocument.Parse(text).RootElement.Clone(),
            _ => JsonSerializer.SerializeToElement(result, AiJson.Options),
        };
}
