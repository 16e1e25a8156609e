namespace TodoChat.Application.Common;

/// <summary>RFC 9110 conditional requests, the part the use cases need.</summary>
public static class EntityTags
{
    /// <summary>
    /// <c>If-None-Match</c> evaluation with the weak comparison function: <c>*</c> matches any current
    /// representation; otherwise a tag matches when its opaque part equals the current one, whether
    /// either is marked weak (<c>W/</c>) or not.
    /// </summary>
    public static bool NoneMatchFails(string currentTag, IReadOnlyCollection<string>? ifNoneMatch)
    {
        if (ifNoneMatch is null || ifNoneMatch.Count == 0)
        {
            return false;
        }

        var current = Opaque(currentTag);
        foreach (var tag in ifNoneMatch)
        {
            if (tag == "*" || Opaque(tag).SequenceEqual(current))
            {
                return true;
            }
        }

        return false;
    }

    private static ReadOnlySpan<char> Opaque(string tag) =>
        tag.StartsWith("W/", StringComparison.Ordinal) ? tag.AsSpan(2) : tag.AsSpan();
}
