using FluentValidation;

namespace TodoChat.Application.Common;

/// <summary>
/// The validation rules every paged query shares: the page size, and the cursor (or sync token) that
/// says where the page starts. Broken, each is a 400 under the parameter's public name.
/// </summary>
public static class PagingRules
{
    /// <summary>The page size: from 1 to the query's most.</summary>
    public static IRuleBuilderOptions<T, int> ValidLimit<T>(this IRuleBuilder<T, int> rule, int maxLimit) =>
        rule.InclusiveBetween(1, maxLimit).WithMessage($"The limit must be an integer from 1 to {maxLimit}.");

    /// <summary>
    /// Absent, or a cursor this service issued (<paramref name="decode"/> opens it, or answers null)
    /// that continues this query: <paramref name="mismatch"/> says why a decoded cursor does not, or
    /// null when it does. One decode answers both questions. <paramref name="name"/> is what the
    /// client calls it.
    /// </summary>
    public static IRuleBuilderOptionsConditions<T, string?> ValidCursor<T, TCursor>(
        this IRuleBuilder<T, string?> rule,
        Func<string, TCursor?> decode,
        Func<T, TCursor, string?>? mismatch = null,
        string name = "cursor")
        where TCursor : class =>
        rule.Custom((cursor, context) =>
        {
            if (cursor is null)
            {
                return;
            }

            var decoded = decode(cursor);
            if (decoded is null)
            {
                context.AddFailure($"The {name} is not one this service issued, or it was altered.");
            }
            else if (mismatch?.Invoke(context.InstanceToValidate, decoded) is { } message)
            {
                context.AddFailure(message);
            }
        });
}
