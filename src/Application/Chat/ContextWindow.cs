using TodoChat.Application.Conversations;

namespace TodoChat.Application.Chat;

/// <summary>
/// What of the history fits a model's context, counted in tokens: the system prompt and the new
/// message are always sent, and then the newest messages, walking back until the next one would not
/// fit. A message is kept whole or not at all, and never out of order: an older one that would fit
/// after a long one was dropped stays out too, so the model never sees a gap in the conversation.
/// </summary>
public static class ContextWindow
{
    /// <summary>What each message costs beyond its text in OpenAI's chat format (role and delimiters).</summary>
    public const int TokensPerMessage = 4;

    /// <param name="history">The candidate messages, oldest first.</param>
    /// <param name="fixedTokens">The system prompt's and the new message's tokens, which are always sent.</param>
    /// <param name="budget">Tokens for everything; 0 or less: no limit.</param>
    /// <param name="countTokens">How many tokens a text takes.</param>
    /// <returns>The newest messages that fit, oldest first.</returns>
    public static IReadOnlyList<MessageDto> Newest(IReadOnlyList<MessageDto> history, int fixedTokens, int budget, Func<string, int> countTokens)
    {
        if (budget <= 0)
        {
            return history;
        }

        var left = budget - fixedTokens;
        var first = history.Count;
        while (first > 0)
        {
            var cost = countTokens(history[first - 1].Content) + TokensPerMessage;
            if (cost > left)
            {
                break;
            }

            left -= cost;
            first--;
        }

        return first == 0 ? history : history.Skip(first).ToList();
    }
}
