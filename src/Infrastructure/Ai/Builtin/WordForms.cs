namespace TodoChat.Infrastructure.Ai.Builtin;

/// <summary>
/// English word forms, enough to match a task by its words: "walked", "walking" and "walk" share a
/// stem, as do "groceries" and "grocery", "bought" and "buy", "wrote" and "Write".
/// </summary>
internal static class WordForms
{
    /// <summary>A past tense or participle: "walked", "paid", "written" (not "need" nor "feed").</summary>
    public static bool IsPast(string word) =>
        AgentVocabulary.IrregularPast.ContainsKey(word)
        || (word.Length >= 4 && word.EndsWith("ed", StringComparison.Ordinal) && !AgentVocabulary.EdButNotPast.Contains(word));

    /// <summary>A past form that is not also the present: "bought", "walked", but not "read" or "put".</summary>
    public static bool IsPlainlyPast(string word) =>
        IsPast(word) && !(AgentVocabulary.IrregularPast.TryGetValue(word, out var present) && present == word);

    /// <summary>The common stem of a word's forms, for comparing words, not for showing.</summary>
    public static string Stem(string word)
    {
        var w = word.ToLowerInvariant().Trim('\'', '-');
        if (w.EndsWith("'s", StringComparison.Ordinal))
        {
            w = w[..^2];
        }

        if (AgentVocabulary.IrregularPast.TryGetValue(w, out var present))
        {
            w = present;
        }
        else if (w.Length > 4 && w.EndsWith("ies", StringComparison.Ordinal))
        {
            w = w[..^3] + "y";
        }
        else if (w.Length > 4 && w.EndsWith("ied", StringComparison.Ordinal))
        {
            w = w[..^3] + "y";
        }
        else if (w.Length > 5 && w.EndsWith("ing", StringComparison.Ordinal))
        {
            w = w[..^3];
        }
        else if (w.Length >= 4 && w.EndsWith("ed", StringComparison.Ordinal) && !AgentVocabulary.EdButNotPast.Contains(w))
        {
            w = w[..^2];
        }
        else if (w.Length > 4 && (w.EndsWith("ches", StringComparison.Ordinal) || w.EndsWith("shes", StringComparison.Ordinal) || w.EndsWith("xes", StringComparison.Ordinal) || w.EndsWith("sses", StringComparison.Ordinal)))
        {
            w = w[..^2];
        }
        else if (w.Length > 3 && w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) && !w.EndsWith("us", StringComparison.Ordinal))
        {
            w = w[..^1];
        }

        // "write"/"writ(ing)", "call"/"cal(l)ed", "shop"/"shopp(ing)": one spelling for all.
        if (w.Length > 3 && w.EndsWith('e'))
        {
            w = w[..^1];
        }

        if (w.Length > 2 && w[^1] == w[^2] && !IsVowel(w[^1]))
        {
            w = w[..^1];
        }

        return w;
    }

    /// <summary>One letter wrong, missing, extra, or two neighbours swapped: "remvoe" and "remove".</summary>
    public static bool OneSlipApart(string a, string b)
    {
        if (a == b || Math.Abs(a.Length - b.Length) > 1)
        {
            return false;
        }

        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
        {
            i++;
        }

        if (a.Length == b.Length)
        {
            return a[(i + 1)..] == b[(i + 1)..]
                || (i + 1 < a.Length && a[i] == b[i + 1] && a[i + 1] == b[i] && a[(i + 2)..] == b[(i + 2)..]);
        }

        return a.Length > b.Length ? a[(i + 1)..] == b[i..] : a[i..] == b[(i + 1)..];
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';
}
