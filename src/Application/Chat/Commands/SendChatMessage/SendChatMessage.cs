using System.Text.Json;
using System.Text.Json.Serialization;
using Mediator;
using Microsoft.Extensions.Options;
using TodoChat.Application.Chat.Streaming;
using TodoChat.Application.Common;
using TodoChat.Application.Common.Idempotency;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Common.Messaging;
using TodoChat.Application.Common.Quotas;
using TodoChat.Application.Common.Exceptions;
using TodoChat.Application.Common.Telemetry;
using TodoChat.Application.Conversations;
using TodoChat.Application.Tasks.Tools;
using TodoChat.Domain.Conversations;
using TodoChat.Domain.Text;

namespace TodoChat.Application.Chat.Commands.SendChatMessage;

/// <summary>
/// One stateless chat turn. <see cref="ConversationId"/> null starts a conversation. Null result: the
/// user has no such conversation.
/// </summary>
public sealed record SendChatMessageCommand(
    string UserId,
    Guid? ConversationId,
    string Message,
    [property: JsonIgnore] string? IdempotencyKey = null,
    [property: JsonIgnore] IChatTurnEvents? Events = null)
    : ICommand<ChatTurnResult?>, IChatTurnCommand, ICommitsOwnOutcome
{
    public const int MessageMaxLength = 10_000;

    [JsonIgnore]
    public string Operation => "chat";
}

/// <summary>
/// The turn and the conversation's entity tag after it; <see cref="Reply"/> is the stored assistant
/// message (null in idempotency records written before it was kept).
/// </summary>
public sealed record ChatTurnResult(ChatTurnDto Turn, string ETag, StoredReply? Reply = null);

/// <summary>Where the turn's reply was stored: its message id, place in the conversation and time.</summary>
public sealed record StoredReply(Guid Id, int Seq, DateTimeOffset CreatedAt);

/// <summary>
/// The cycle (ADR-012). Read, outside any transaction: the conversation's row and its newest messages.
/// Let the agent answer: its tools read through short queries and stage their changes in a
/// <see cref="TaskWorkspace"/>, so no connection is held while the model thinks. Then one short
/// transaction: lock the conversation, check that nothing the turn read changed meanwhile (its message
/// count, every task read), write the staged task changes, both messages and the idempotency record.
/// When something read did change, nothing was written, and the turn runs again from fresh reads, so
/// the answer always rests on what the history shows before it. When the agent fails, nothing was
/// written at all: the client can simply send the message again.
/// </summary>
public sealed class SendChatMessageHandler(
    ITransactionRunner transactions,
    IConversationRepository conversations,
    IChatAgent agent,
    TaskWorkspaces workspaces,
    IIdempotencyStore idempotencyRecords,
    IdempotencyOutcome idempotency,
    IEtagGenerator etags,
    IOptions<ChatTurnOptions> options,
    AccountQuotas quotas,
    IOptions<QuotaOptions> limits,
    TodoChatMetrics metrics,
    TimeProvider clock) : ICommandHandler<SendChatMessageCommand, ChatTurnResult?>
{
    private static readonly JsonSerializerOptions ToolCallJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async ValueTask<ChatTurnResult?> Handle(SendChatMessageCommand command, CancellationToken cancellationToken)
    {
        var message = command.Message.Trim();

        // A new conversation keeps its id across reruns, so the idempotency record, if any, names one conversation.
        var newConversationId = Guid.CreateVersion7();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RunAsync(command, message, newConversationId, attempt, cancellationToken);
            }
            catch (ConcurrentChangeException changed) when (attempt < options.Value.TurnAttempts)
            {
                metrics.ChatTurnRerun(changed.What);
                command.Events?.Restarted(attempt + 1);
            }
        }
    }

    private async Task<ChatTurnResult?> RunAsync(SendChatMessageCommand command, string message, Guid newConversationId, int attempt, CancellationToken cancellationToken)
    {
        var sentAt = clock.GetUtcNowMicroseconds();

        // Reads: each query takes a pooled connection and gives it back at once.
        ConversationState? read = null;
        IReadOnlyList<Conversations.MessageDto> history = [];
        if (command.ConversationId is { } existing)
        {
            if (await conversations.GetConversationAsync(command.UserId, existing, cancellationToken) is not { } stored)
            {
                return null;
            }

            read = stored.State;
            history = read.MessageCount == 0 ? [] : await conversations.GetRecentMessagesAsync(existing, options.Value.HistoryWindow, cancellationToken);
        }
        else
        {
            await quotas.EnsureRoomForConversationAsync(command.UserId, cancellationToken);
        }

        if (attempt == 1)
        {
            command.Events?.Started(command.ConversationId ?? newConversationId);
        }

        // The model: as long as it takes, holding nothing but memory.
        var tasks = workspaces.Open(command.UserId);
        var stream = command.Events is { } events ? new StreamedReply(events) : null;
        var reply = Storable(await agent.ReplyAsync(tasks, history, message, stream, cancellationToken));
        var toolCalls = reply.ToolCalls.Count == 0 ? null : JsonSerializer.Serialize(reply.ToolCalls, ToolCallJson);

        // The commit: one short transaction.
        return await transactions.RunAsync<ChatTurnResult?>(
            async ct =>
            {
                Conversation conversation;
                if (command.ConversationId is { } id)
                {
                    // Locked first: turns on one conversation commit one after the other, and each checks
                    // that it answered the history as it now stands.
                    if (await conversations.LockForTurnAsync(command.UserId, id, ct) is not { } locked)
                    {
                        return null;
                    }

                    if (locked.MessageCount != read!.MessageCount || locked.Revision != read.Revision)
                    {
                        throw new ConcurrentChangeException(ConcurrentChangeException.Conversation);
                    }

                    conversation = locked;
                }
                else
                {
                    conversation = new Conversation(newConversationId, command.UserId, TitleFrom(message), sentAt);
                }

                await tasks.CommitAsync(ct);

                // Both messages in one write at the end: the user's keeps the time it was sent.
                Message[] messages =
                [
                    conversation.Append(Guid.CreateVersion7(), MessageRole.User, message, null, sentAt),
                    conversation.Append(Guid.CreateVersion7(), MessageRole.Assistant, reply.Text, toolCalls, clock.GetUtcNowMicroseconds()),
                ];
                var after = await conversations.SaveTurnAsync(conversation, command.ConversationId is null, messages, ct);
                var answer = messages[1];
                var result = new ChatTurnResult(
                    new ChatTurnDto(conversation.Id, reply.Text, reply.ToolCalls),
                    etags.ForConversation(after),
                    new StoredReply(answer.Id, answer.Seq, answer.CreatedAt));

                // Measured as an idempotency record keeps it, which holds the reply, its tool calls and
                // where it was stored: too large, the turn fails (422) and its transaction, writes
                // included, rolls back.
                var stored = StoredResponses.Serialize(result, limits.Value.ReplyCharactersPerTurn);
                await idempotency.RecordAsync(stored, idempotencyRecords, clock, ct);
                return result;
            },
            cancellationToken);
    }

    /// <summary>The reply as it may be stored: a model can say anything, NUL and broken surrogates included.</summary>
    private static AgentReply Storable(AgentReply reply) =>
        new(
            UserText.Clean(reply.Text),
            reply.ToolCalls.Select(call => new ToolCallDto(UserText.Clean(call.Tool), StorableJson.Clean(call.Arguments), StorableJson.Clean(call.Result))).ToList());

    /// <summary>The first words of the first message, as people title a chat.</summary>
    public static string TitleFrom(string message)
    {
        const int maxWords = 8, maxLength = 80;
        var words = message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var title = string.Join(' ', words.Take(maxWords));
        if (title.Length > maxLength)
        {
            title = UserText.Truncate(title, maxLength).TrimEnd();
        }

        return words.Length > maxWords || title.Length < string.Join(' ', words).Length ? title + "…" : title;
    }
}
