using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;

namespace TodoChat.WebApi.Validation;

/// <summary>
/// MVC's object validation, reduced to what is left of it here: FluentValidation, in the mediator
/// pipeline, is the only validation, and MVC's validator providers are cleared. MVC would still walk
/// every bound value (a visitor, a stack and a state dictionary per request) only to mark it valid;
/// this marks the bound values valid directly. Binding errors (a limit that is not a number, a body
/// that is not JSON) stay invalid and still answer 400.
/// </summary>
internal sealed class BindingOnlyModelValidator : IObjectModelValidator
{
    public void Validate(ActionContext actionContext, ValidationStateDictionary? validationState, string prefix, object? model)
    {
        var modelState = actionContext.ModelState;

        // A simple value has one entry under its own name: no walk needed.
        if (modelState.TryGetValue(prefix, out var own) && own.ValidationState == ModelValidationState.Unvalidated && own.Errors.Count == 0)
        {
            own.ValidationState = ModelValidationState.Valid;
        }

        if (modelState.ValidationState != ModelValidationState.Unvalidated)
        {
            return;
        }

        foreach (var (_, entry) in modelState.FindKeysWithPrefix(prefix))
        {
            if (entry.ValidationState == ModelValidationState.Unvalidated && entry.Errors.Count == 0)
            {
                entry.ValidationState = ModelValidationState.Valid;
            }
        }
    }
}
