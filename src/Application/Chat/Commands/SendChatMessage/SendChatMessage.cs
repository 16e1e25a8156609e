using System.Text.Json;
using System.Text.Json.Serialization;
using Mediator;
using Microsoft.Extensions.Options;
using TodoChat.Application.Common;
using TodoChat.Application.Common.Idempotency;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Common.Messaging;
using TodoChat.Application.Common.Quotas;
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
    [property: JsonIgnore] string? IdempotencyKey = null)
    : ICommand<ChatTurnResult?>, IChatTurnCommand, IIdempotentCommand
{
    public const int MessageMaxLength = 10_000;

    [JsonIgnore]
    public string Operation => "chat";
}

/// <summary>The turn and the conversation's entity tag after it.</summary>
public sealed record ChatTurnResult(ChatTurnDto Turn, string ETag);

/// <summary>
/// The cycle: in one transaction, lock the conversation and load its newest messages, let the agent
/// answer (its tools write through the same transaction), then store the user's message and the
/// answer with its tool calls in one batch. When
/// the agent fails, the transaction is rolled back: no message, no tool effect and no new conversation
/// stays behind, so the client can simply send the message again.
/// </summary>
public sealed class SendChatMessageHandler(
    ITransactionRunner transactions,
    IConversationRepository conversations,
    IChatAgent agent,
    IEtagGenerator etags,
    IOptions<ChatTurnOptions> options,
    AccountQuotas quotas,
    IOptions<QuotaOptions> limits,
    TimeProvider clock) : ICommandHandler<SendChatMessageCommand, ChatTurnResult?>
{
    private static readonly JsonSerializerOptions ToolCallJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async ValueTask<ChatTurnResult?> Handle(SendChatMessageCommand command, CancellationToken cancellationToken)
    {
        var message = command.Message.Trim();
        return await transactions.RunAsync<ChatTurnResult?>(
            async ct =>
            {
                var sentAt = clock.GetUtcNowMicroseconds();
                Conversation? conversation;
                IReadOnlyList<Conversations.MessageDto> history;
                var isNew = command.ConversationId is null;
                if (command.ConversationId is { } existing)
                {
                    // Locked first: a second turn on this conversation waits here and then sees this one.
                    conversation = await conversations.LockForTurnAsync(command.UserId, existing, ct);
                    if (conversation is null)
                    {
                        return null;
                    }

                    history = await conversations.GetRecentMessagesAsync(existing, options.Value.HistoryWindow, ct);
                }
                else
                {
                    await quotas.EnsureRoomForConversationAsync(command.UserId, ct);
                    conversation = new Conversation(Guid.CreateVersion7(), command.UserId, TitleFrom(message), sentAt);
                    history = [];
                }

                var reply = Storable(await agent.ReplyAsync(command.UserId, history, message, ct));
                var toolCalls = reply.ToolCalls.Count == 0 ? null : JsonSerializer.Serialize(reply.ToolCalls, ToolCallJson);

                // Both messages in one write at the end: the user's keeps the time it was sent.
                Message[] messages =
                [
                    conversation.Append(Guid.CreateVersion7(), MessageRole.User, message, null, sentAt),
                    conversation.Append(Guid.CreateVersion7(), MessageRole.Assistant, reply.Text, toolCalls, clock.GetUtcNowMicroseconds()),
                ];
                var after = await conversations.SaveTurnAsync(conversation, isNew, messages, ct);
                var result = new ChatTurnResult(new ChatTurnDto(conversation.Id, reply.Text, reply.ToolCalls), etags.ForConversation(after));

                // Measured as an idempotency record keeps it, which holds the reply and its tool calls:
                // too large, the turn fails (422) and its transaction, writes included, rolls back.
                StoredResponses.Serialize(result, limits.Value.ReplyCharactersPerTurn);
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
