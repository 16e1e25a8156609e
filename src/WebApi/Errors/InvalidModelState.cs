using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using TodoChat.WebApi.Json;

namespace TodoChat.WebApi.Errors;

/// <summary>
/// Binding failures (a non-number <c>id</c>, malformed JSON, a string where a boolean belongs) as the
/// same 400 problem details that validation gives, keyed by the public name: the query or route
/// parameter's name, or the body field's snake_case name, or <c>body</c> for the body as a whole.
/// </summary>
public static class InvalidModelState
{
    public const string BodyKey = "body";

    public static IActionResult ToProblem(ActionContext context)
    {
        var bodyParameters = context.ActionDescriptor.Parameters
            .Where(p => p.BindingInfo?.BindingSource == BindingSource.Body)
            .Select(p => p.BindingInfo?.BinderModelName ?? p.Name)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (key, entry) in context.ModelState)
        {
            if (entry.ValidationState != ModelValidationState.Invalid)
            {
                continue;
            }

            var publicKey = PublicKey(key, bodyParameters);
            if (!errors.TryGetValue(publicKey, out var messages))
            {
                errors[publicKey] = messages = [];
            }

            foreach (var error in entry.Errors)
            {
                messages.Add(Message(publicKey, error, fromJson: key.StartsWith('$')));
            }
        }

        // "The body is required" says nothing more when the body's own error is listed.
        if (errors.Count > 1)
        {
            errors.Remove(BodyKey);
        }

        return new ProblemResult(Unreadable(errors.ToDictionary(e => e.Key, e => e.Value.Distinct().ToArray())));
    }

    /// <summary>The 400 for parameters or a body that could not be read, keyed by public name.</summary>
    public static ValidationProblemDetails Unreadable(IDictionary<string, string[]> errors) => new(errors)
    {
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        Status = StatusCodes.Status400BadRequest,
        Title = "The request is not valid.",
        Detail = "See 'errors' for each parameter that could not be read.",
    };

    private static string PublicKey(string key, HashSet<string> bodyParameters)
    {
        if (key.Length == 0 || key == "$" || bodyParameters.Contains(key))
        {
            return BodyKey;
        }

        if (key.StartsWith("$.", StringComparison.Ordinal))
        {
            var path = key[2..];
            return JsonSetup.NamingPolicy.ConvertName(path);
        }

        return key;
    }

    private static string Message(string publicKey, ModelError error, bool fromJson)
    {
        if (!fromJson && !string.IsNullOrEmpty(error.ErrorMessage) && error.Exception is null)
        {
            return publicKey == BodyKey && error.ErrorMessage.Contains("required", StringComparison.OrdinalIgnoreCase)
                ? "A JSON request body is required."
                : error.ErrorMessage;
        }

        return publicKey == BodyKey ? "The request body is not valid JSON." : $"The value of '{publicKey}' has the wrong type or is malformed.";
    }
}
