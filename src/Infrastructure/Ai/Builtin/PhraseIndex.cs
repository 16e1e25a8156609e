namespace TodoChat.Infrastructure.Ai.Builtin;

/// <summary>
/// Phrases looked up by the word they start with, so that finding the longest phrase a message opens
/// with costs a dictionary look-up and a few comparisons, not one comparison per phrase of the vocabulary.
/// </summary>
internal sealed class PhraseIndex<T>
{
    private readonly Dictionary<string, (string Phrase, T Value)[]> byFirstWord;

    public PhraseIndex(IEnumerable<(string Phrase, T Value)> entries)
    {
        byFirstWord = entries
            .GroupBy(e => FirstWord(e.Phrase), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(e => e.Phrase.Length).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The longest phrase the text starts with (as whole words) that <paramref name="accept"/> takes, if any.</summary>
    public (string Phrase, T Value)? Longest(string text, Func<T, string, bool>? accept = null)
    {
        if (!byFirstWord.TryGetValue(FirstWord(text), out var candidates))
        {
            return null;
        }

        foreach (var candidate in candidates)
        {
            if (StartsWithPhrase(text, candidate.Phrase) && (accept is null || accept(candidate.Value, text[candidate.Phrase.Length..])))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The text starts with the phrase, and the phrase does not end inside a word of the text.</summary>
    public static bool StartsWithPhrase(string text, string phrase) =>
        text.StartsWith(phrase, StringComparison.Ordinal)
        && (text.Length == phrase.Length || !char.IsLetterOrDigit(text[phrase.Length]) || !char.IsLetterOrDigit(phrase[^1]));

    /// <summary>The leading run of letters and digits: "what's left" → "what"; "?" → "".</summary>
    private static string FirstWord(string text)
    {
        var end = 0;
        while (end < text.Length && char.IsLetterOrDigit(text[end]))
        {
            end++;
        }

        return text[..end];
    }
}

/// <summary>A <see cref="PhraseIndex{T}"/> of bare phrases.</summary>
internal sealed class PhraseIndex(IEnumerable<string> phrases)
{
    private readonly PhraseIndex<bool> index = new(phrases.Select(p => (p, true)));

    public string? Longest(string text) => index.Longest(text)?.Phrase;
}
