using FluentValidation;
using TodoChat.Domain.Text;

namespace TodoChat.Application.Common;

/// <summary>
/// The validation rule for every text field a client sends (titles, descriptions, messages): the
/// characters <see cref="UserText"/> allows. Broken, it is a 400 under the field's public name.
/// </summary>
public static class TextRules
{
    public static IRuleBuilderOptionsConditions<T, TText> StorableText<T, TText>(this IRuleBuilder<T, TText> rule)
        where TText : IEnumerable<char>? =>
        rule.Custom((text, context) =>
        {
            switch (text is string value ? UserText.Check(value) : TextFault.None)
            {
                case TextFault.ControlCharacter:
                    context.AddFailure("The text must not contain control characters other than tab, line feed and carriage return (NUL included).");
                    break;
                case TextFault.LoneSurrogate:
                    context.AddFailure("The text must not contain unpaired surrogates: every character must be a whole Unicode scalar value.");
                    break;
            }
        });
}
