using System.Buffers;
using System.Globalization;
using System.Text;

namespace TodoChat.Domain.Text;

/// <summary>What went wrong with a text, if anything.</summary>
public enum TextFault
{
    None,

    /// <summary>A C0 control character other than tab, line feed and carriage return (NUL in particular).</summary>
    ControlCharacter,

    /// <summary>Half of a surrogate pair without its other half: not a character, and not encodable in UTF-8.</summary>
    LoneSurrogate,
}

/// <summary>
/// The one home of the rules every stored text follows (task titles and descriptions, chat messages,
/// replies, conversation titles). Text is Unicode scalar values only: no unpaired surrogate, which
/// UTF-8 (and so PostgreSQL) cannot hold; and no C0 control character except tab, line feed and
/// carriage return (kept because browsers send CRLF line ends), since PostgreSQL refuses NUL and the
/// others are invisible junk. Shortening never splits a character: it cuts between text elements.
/// </summary>
public static class UserText
{
    private static readonly SearchValues<char> Controls = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F");

    /// <summary>The first rule the text breaks, or <see cref="TextFault.None"/>.</summary>
    public static TextFault Check(ReadOnlySpan<char> text)
    {
        if (text.ContainsAny(Controls))
        {
            return TextFault.ControlCharacter;
        }

        var i = text.IndexOfAnyInRange('\uD800', '\uDFFF');
        while (i >= 0 && i < text.Length)
        {
            if (!char.IsHighSurrogate(text[i]) || i + 1 == text.Length || !char.IsLowSurrogate(text[i + 1]))
            {
                return TextFault.LoneSurrogate;
            }

            var rest = text[(i + 2)..].IndexOfAnyInRange('\uD800', '\uDFFF');
            i = rest < 0 ? -1 : i + 2 + rest;
        }

        return TextFault.None;
    }

    /// <summary>
    /// The text with every forbidden control character and unpaired surrogate replaced by U+FFFD, for
    /// text nobody can be asked to correct (a model's reply). Returns the same instance when it is fine.
    /// </summary>
    public static string Clean(string text)
    {
        if (Check(text) == TextFault.None)
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        foreach (var rune in EnumerateLeniently(text))
        {
            clean.Append(rune.Value < ' ' && rune.Value is not ('\t' or '\n' or '\r') ? Rune.ReplacementChar : rune);
        }

        return clean.ToString();
    }

    /// <summary>
    /// At most <paramref name="maxLength"/> UTF-16 code units of the text, cut after the last whole text
    /// element (what a reader sees as one character: an emoji with its modifiers, a letter with its
    /// accents) that fits. When not even the first element fits, the cut falls after the last whole
    /// Unicode scalar value that does.
    /// </summary>
    public static string Truncate(string text, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        if (text.Length <= maxLength)
        {
            return text;
        }

        var end = 0;
        while (end < text.Length)
        {
            var next = StringInfo.GetNextTextElementLength(text, end);
            if (end + next > maxLength)
            {
                break;
            }

            end += next;
        }

        if (end == 0)
        {
            end = maxLength;
            if (end > 0 && char.IsHighSurrogate(text[end - 1]))
            {
                end--;
            }
        }

        return text[..end];
    }

    /// <summary>The text's scalar values, with an unpaired surrogate read as U+FFFD.</summary>
    private static IEnumerable<Rune> EnumerateLeniently(string text)
    {
        for (var i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed) != OperationStatus.Done)
            {
                rune = Rune.ReplacementChar;
                consumed = Math.Max(consumed, 1);
            }

            yield return rune;
            i += consumed;
        }
    }
}
