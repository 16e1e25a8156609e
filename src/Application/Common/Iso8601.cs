using System.Globalization;
using System.Text.RegularExpressions;
using FluentValidation;

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

    /// <summary>The rule for an instant a client sends: absent, or ISO 8601 as <see cref="TryParse"/> reads it.</summary>
    public static IRuleBuilderOptions<T, string?> ValidInstant<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(value => value is null || TryParse(value, out _))
            .WithMessage("The value must be an ISO 8601 instant, such as 2026-11-28T17:00:00Z.");

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|z|[+-]\d{2}:?\d{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
