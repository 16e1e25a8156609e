using System.Text.Json;
using Mediator;
using Microsoft.Extensions.Options;
using TodoChat.Application.Common;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Common.Messaging;
using TodoChat.Domain.Conversations;

namespace TodoChat.Application.Chat.Commands.SendChatMessage;

/// <summary>
/// One stateless chat turn. <see cref="ConversationId"/> null starts a conversation. Null result: the
/// user has no such conversation.
/// </summary>
public sealed record SendChatMessageCommand(string UserId, Guid? ConversationId, string Message)
    : ICommand<ChatTurnResult?>, IUserRequest
{
    public const int MessageMaxLength = 10_000;
}

/// <summary>The turn and the conversation's entity tag after it.</summary>
public sealed record ChatTurnResult(ChatTurnDto Turn, string ETag);

/// <summary>
/// The cycle: in one transaction, load the newest messages, store the user's message, let the agent
/// answer (its tools write through the same transaction), store the answer with its tool calls. When
/// the agent fails, the transaction is rolled back: no message, no tool effect and no new conversation
/// stays behind, so the client can simply send the message again.
/// </summary>
public sealed class SendChatMessageHandler(
    ITransactionRunner transactions,
    IConversationRepository conversations,
    IChatAgent agent,
    IEtagGenerator etags,
    IOptions<ChatTurnOptions> options,
    TimeProvider clock) : ICommandHandler<SendChatMessageCommand, ChatTurnResult?>
{
    private static readonly JsonSerializerOptions ToolCallJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async ValueTask<ChatTurnResult?> Handle(SendChatMessageCommand command, CancellationToken cancellationToken)
    {
        var message = command.Message.Trim();
        return await transactions.RunAsync<ChatTurnResult?>(
            async ct =>
            {
                Guid conversationId;
                IReadOnlyList<Conversations.MessageDto> history;
                if (command.ConversationId is { } existing)
                {
                    if (await conversations.GetConversationAsync(command.UserId, existing, ct) is null)
                    {
                        return null;
                    }

                    conversationId = existing;
                    history = await conversations.GetRecentMessagesAsync(existing, options.Value.HistoryWindow, ct);
                }
                else
                {
                    var conversation = new Conversation(Guid.CreateVersion7(), command.UserId, TitleFrom(message), clock.GetUtcNowMicroseconds());
                    await conversations.AddConversationAsync(conversation, ct);
                    conversationId = conversation.Id;
                    history = [];
                }

                await AppendAsync(command.UserId, conversationId, MessageRole.User, message, null, ct);
                var reply = await agent.ReplyAsync(command.UserId, history, message, ct);
                var toolCalls = reply.ToolCalls.Count == 0 ? null : JsonSerializer.Serialize(reply.ToolCalls, ToolCallJson);
                var after = await AppendAsync(command.UserId, conversationId, MessageRole.Assistant, reply.Text, toolCalls, ct);
                return new ChatTurnResult(new ChatTurnDto(conversationId, reply.Text, reply.ToolCalls), etags.ForConversation(after));
            },
            cancellationToken);
    }

    /// <summary>The first words of the first message, as people title a chat.</summary>
    public static string TitleFrom(string message)
    {
        const int maxWords = 8, maxLength = 80;
        var words = message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var title = string.Join(' ', words.Take(maxWords));
        if (title.Length > maxLength)
        {
            title = title[..maxLength].TrimEnd();
        }

        return words.Length > maxWords || title.Length < string.Join(' ', words).Length ? title + "…" : title;
    }

    /// <summary>Appends inside the turn's transaction; returns the conversation's state after it.</summary>
    private async Task<Conversations.ConversationDto> AppendAsync(string userId, Guid conversationId, MessageRole role, string content, string? toolCalls, CancellationToken cancellationToken)
    {
        var appended = await conversations.AppendMessageAsync(
            userId,
            conversationId,
            conversation => conversation.Append(Guid.CreateVersion7(), role, content, toolCalls, clock.GetUtcNowMicroseconds()),
            cancellationToken);
        return appended?.Conversation ?? throw new InvalidOperationException("The conversation disappeared during the turn.");
    }
}
