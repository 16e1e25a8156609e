using FluentValidation;
using TodoChat.Application.Common;
using TodoChat.Domain.Tasks;

namespace TodoChat.Application.Tasks;

/// <summary>The rules a task's fields follow, shared by every command that writes them.</summary>
internal static class TaskRules
{
    public static IRuleBuilderOptions<T, string?> ValidTitle<T>(this IRuleBuilder<T, string?> rule) =>
        rule
            .StorableText()
            .Must(title => !string.IsNullOrWhiteSpace(title))
            .WithMessage("The title must not be empty.")
            .Must(title => title is null || title.Trim().Length <= TodoTask.TitleMaxLength)
            .WithMessage($"The title must be at most {TodoTask.TitleMaxLength} characters.");

    public static IRuleBuilderOptions<T, string?> ValidDescription<T>(this IRuleBuilder<T, string?> rule) =>
        rule
            .StorableText()
            .Must(description => description is null || description.Trim().Length <= TodoTask.DescriptionMaxLength)
            .WithMessage($"The description must be at most {TodoTask.DescriptionMaxLength} characters.");
}
