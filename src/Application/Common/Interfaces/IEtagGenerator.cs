using TodoChat.Application.Conversations;

namespace TodoChat.Application.Common.Interfaces;

/// <summary>Weak entity tags for conversation state, computed from the conversation's row alone.</summary>
public interface IEtagGenerator
{
    /// <summary><c>W/"&lt;64 lowercase hex&gt;"</c>: changes exactly when the conversation or its stored messages change.</summary>
    string ForConversation(ConversationState state);
}
