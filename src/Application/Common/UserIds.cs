using FluentValidation;

namespace TodoChat.Application.Common;

public static class UserIds
{
    /// <summary>The longest user id (a token's <c>sub</c>) the service accepts.</summary>
    public const int MaxLength = 128;

    /// <summary>The rule for every use case's user id: present and not longer than a token's <c>sub</c> may be.</summary>
    public static IRuleBuilderOptions<T, string> ValidUserId<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().MaximumLength(MaxLength);
}
