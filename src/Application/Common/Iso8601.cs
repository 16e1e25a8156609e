using System.Globalization;
using System.Text.RegularExpressions;

namespace TodoChat.Application.Common;

/// <summary>ISO 8601 instants as query parameters: a date, or a date and time with an optional offset (UTC when absent).</summary>
public static partial class Iso8601
{
    public static bool TryParse(string? value, out DateTimeOffset instant)
    {
        instant = default;
        return value is not null
            && Shape().IsMatch(value)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant);
    }

    /// <summary>The parsed instant, for values the validator has accepted.</summary>
    public static DateTimeOffset? ParseOrNull(string? value) => TryParse(value, out var instant) ? instant : null;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|z|[+-]\d{2}:?\d{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
