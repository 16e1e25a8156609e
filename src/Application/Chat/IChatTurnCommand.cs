using TodoChat.Application.Common.Messaging;

namespace TodoChat.Application.Chat;

/// <summary>A command that runs a chat turn: it passes the <see cref="ChatTurnGate"/> before anything else holds resources for it.</summary>
public interface IChatTurnCommand : IUserRequest;
