using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using TodoChat.Application.Tasks;
using TodoChat.Domain.Tasks;

namespace TodoChat.WebApi.Controllers;

// Attributes here describe the contract in the OpenAPI document; the rules themselves are enforced
// once, by the use cases' FluentValidation validators. JSON may still carry null for a required
// string: the validators answer that with a 400 naming the field.

/// <summary>A new task.</summary>
public sealed record CreateTaskRequest(
    [property: Required, MinLength(1), MaxLength(TodoTask.TitleMaxLength)] string Title,
    [property: MaxLength(TodoTask.DescriptionMaxLength)] string? Description = null);

/// <summary>
/// A task's new state. <c>title</c> is required; <c>description</c> absent or null clears it;
/// <c>completed</c> absent keeps it.
/// </summary>
public sealed record UpdateTaskRequest(
    [property: Required, MinLength(1), MaxLength(TodoTask.TitleMaxLength)] string Title,
    [property: MaxLength(TodoTask.DescriptionMaxLength)] string? Description = null,
    bool? Completed = null);

/// <summary>Optional body of <c>PATCH .../complete</c>.</summary>
public sealed record CompleteTaskRequest([property: DefaultValue(true)] bool? Completed = null);
