using System.ClientModel;
using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using TodoChat.Application.Chat;
using TodoChat.Application.Chat.Streaming;
using TodoChat.Application.Common.Exceptions;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Common.Quotas;
using TodoChat.Application.Common.Telemetry;
using TodoChat.Application.Conversations;
using TodoChat.Application.Tasks.Tools;
using TodoChat.Domain.Conversations;

namespace TodoChat.Infrastructure.Ai;

/// <summary>
/// One turn through the <see cref="IChatClient"/> pipeline (the builtin agent or a real model, with
/// function invocation): the system prompt, the history window (cut to <c>Chat:HistoryTokens</c>), the new message, and the five task
/// tools bound to the caller's workspace, so the model can never name another user, and its changes are
/// only staged until the turn commits.
/// </summary>
internal sealed class ChatAgent(
    IChatClient chatClient,
    TaskToolbox toolbox,
    ITokenCounter tokens,
    IOptions<QuotaOptions> quotas,
    IOptions<ChatTurnOptions> chat,
    IOptions<AiOptions> ai,
    TodoChatMetrics metrics) : IChatAgent
{
    public async Task<AgentReply> ReplyAsync(TaskWorkspace tasks, IReadOnlyList<MessageDto> history, string message, StreamedReply? stream, CancellationToken cancellationToken)
    {
        var budget = chat.Value.HistoryTokens;
        if (budget > 0)
        {
            // The system prompt and the new message always go; the history gets what is left, newest first.
            var fixedTokens = tokens.CountTokens(SystemPrompt.Text) + tokens.CountTokens(message) + (2 * ContextWindow.TokensPerMessage);
            history = ContextWindow.Newest(history, fixedTokens, budget, tokens.CountTokens);
        }

        var messages = new List<ChatMessage>(history.Count + 2) { new(ChatRole.System, SystemPrompt.Text) };
        messages.AddRange(history.Select(m => new ChatMessage(m.Role == MessageRole.User ? ChatRole.User : ChatRole.Assistant, m.Content)));
        messages.Add(new ChatMessage(ChatRole.User, message));
        var toolCalls = new TurnTool.Budget(quotas.Value.ToolCallsPerTurn);
        var options = new ChatOptions { Tools = ToolsFor(tasks, toolCalls), ToolMode = ChatToolMode.Auto };

        ChatResponse response;
        var started = Stopwatch.GetTimestamp();
        try
        {
            response = stream is null
                ? await chatClient.GetResponseAsync(messages, options, cancellationToken)
                : await StreamAsync(messages, options, stream, cancellationToken);
            metrics.ChatTurn(TodoChatMetrics.Outcome.Ok, Stopwatch.GetElapsedTime(started));
        }
        catch (ClientResultException ex) when (ModelErrors.Rejection(ex) is { } reason)
        {
            // Permanent: the resilience handler did not retry it, and neither should the client.
            metrics.ChatTurn(TodoChatMetrics.Outcome.Failed, Stopwatch.GetElapsedTime(started));
            throw new AgentRejectedException(reason, ex.Status, ex);
        }
        catch (Exception ex) when (IsProviderFailure(ex, cancellationToken))
        {
            metrics.ChatTurn(TodoChatMetrics.Outcome.ModelUnavailable, Stopwatch.GetElapsedTime(started));
            throw new AgentUnavailableException("The AI model did not answer in time.", ai.Value.RetryAfterSeconds, ex);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            metrics.ChatTurn(TodoChatMetrics.Outcome.Failed, Stopwatch.GetElapsedTime(started));
            throw;
        }

        if (stream is not null)
        {
            // Streamed, the reply is what was streamed: every chunk of text of the turn, joined.
            return new AgentReply(stream.Finish(), ToolCalls(response));
        }

        var text = response.Messages.LastOrDefault(m => m.Role == ChatRole.Assistant && !string.IsNullOrWhiteSpace(m.Text))?.Text;
        return new AgentReply(string.IsNullOrWhiteSpace(text) ? StreamedReply.EmptyReply : text.Trim(), ToolCalls(response));
    }

    /// <summary>
    /// The same pipeline, streaming: each update is passed on as it comes (a tool call when the model
    /// has made it, its result when the tool has answered, text chunks), and the whole is the response.
    /// </summary>
    private async Task<ChatResponse> StreamAsync(List<ChatMessage> messages, ChatOptions options, StreamedReply stream, CancellationToken cancellationToken)
    {
        var updates = new List<ChatResponseUpdate>();
        var calls = new Dictionary<string, FunctionCallContent>(StringComparer.Ordinal);
        await foreach (var update in chatClient.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            updates.Add(update);
            foreach (var content in update.Contents)
            {
                switch (content)
                {
                    case FunctionCallContent call:
                        calls[call.CallId] = call;
                        stream.ToolStarted(call.CallId, call.Name, Arguments(call));
                        break;
                    case FunctionResultContent result when calls.TryGetValue(result.CallId, out var called):
                        stream.ToolCompleted(result.CallId, called.Name, Arguments(called), ToElement(result.Result));
                        break;
                    case TextContent text when update.Role != ChatRole.Tool && !string.IsNullOrEmpty(text.Text):
                        stream.Delta(text.Text);
                        break;
                }
            }
        }

        return updates.ToChatResponse();
    }

    private static JsonElement Arguments(FunctionCallContent call) =>
        JsonSerializer.SerializeToElement(call.Arguments ?? new Dictionary<string, object?>(), AiJson.Options);

    private static bool IsProviderFailure(Exception exception, CancellationToken cancellationToken)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is ClientResultException or HttpRequestException or TimeoutRejectedException or BrokenCircuitException or TimeoutException
                || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Each call of the turn, in order, with its arguments and the result it got.</summary>
    private static List<ToolCallDto> ToolCalls(ChatResponse response)
    {
        var results = response.Messages
            .SelectMany(m => m.Contents.OfType<FunctionResultContent>())
            .GroupBy(r => r.CallId)
            .ToDictionary(g => g.Key, g => g.First());
        return response.Messages
            .SelectMany(m => m.Contents.OfType<FunctionCallContent>())
            .Where(call => results.ContainsKey(call.CallId))
            .Select(call => new ToolCallDto(
                call.Name,
                Arguments(call),
                ToElement(results[call.CallId].Result)))
            .ToList();
    }

    private static JsonElement ToElement(object? value) =>
        value is JsonElement element ? element : JsonSerializer.SerializeToElement(value, AiJson.Options);

    private List<AITool> ToolsFor(TaskWorkspace tasks, TurnTool.Budget budget)
    {
        AIFunction Tool(Delegate body, string name, string description) =>
            new TurnTool(AIFunctionFactory.Create(body, new AIFunctionFactoryOptions { Name = name, Description = description, SerializerOptions = AiJson.Options }), budget, metrics);

        return
        [
            Tool(
                ([Description(TaskToolDescriptions.Title)] string title, [Description(TaskToolDescriptions.Description)] string? description = null, CancellationToken ct = default) =>
                    toolbox.AddTaskAsync(tasks, title, description, ct),
                TaskToolbox.AddTask,
                TaskToolDescriptions.AddTask),
            Tool(
                ([Description(TaskToolDescriptions.Status)] string? status = "all", CancellationToken ct = default) =>
                    toolbox.ListTasksAsync(tasks, status, ct),
                TaskToolbox.ListTasks,
                TaskToolDescriptions.ListTasks),
            Tool(
                ([Description(TaskToolDescriptions.TaskId)] int task_id, CancellationToken ct = default) =>
                    toolbox.CompleteTaskAsync(tasks, task_id, ct),
                TaskToolbox.CompleteTask,
                TaskToolDescriptions.CompleteTask),
            Tool(
                ([Description(TaskToolDescriptions.TaskId)] int task_id, CancellationToken ct = default) =>
                    toolbox.DeleteTaskAsync(tasks, task_id, ct),
                TaskToolbox.DeleteTask,
                TaskToolDescriptions.DeleteTask),
            Tool(
                ([Description(TaskToolDescriptions.TaskId)] int task_id, [Description(TaskToolDescriptions.Title)] string? title = null, [Description(TaskToolDescriptions.Description)] string? description = null, CancellationToken ct = default) =>
                    toolbox.UpdateTaskAsync(tasks, task_id, title, description, ct),
                TaskToolbox.UpdateTask,
                TaskToolDescriptions.UpdateTask),
        ];
    }
}
