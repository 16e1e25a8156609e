using Mediator;
using TodoChat.Application.Chat;

namespace TodoChat.Application.Common.Behaviours;

/// <summary>
/// A chat turn passes the <see cref="ChatTurnGate"/> before the idempotency record's transaction or
/// anything else takes a connection: a turn refused for being one too many has held nothing.
/// </summary>
public sealed class ChatTurnLimitBehaviour<TMessage, TResponse>(ChatTurnGate gate) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage, IChatTurnCommand
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        using var lease = await gate.EnterAsync(message.UserId, cancellationToken);
        return await next(message, cancellationToken);
    }
}
