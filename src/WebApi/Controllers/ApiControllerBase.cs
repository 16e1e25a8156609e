using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TodoChat.WebApi.Auth;
using TodoChat.WebApi.Errors;

namespace TodoChat.WebApi.Controllers;

/// <summary>
/// Routes under <c>/api/{user_id}</c>: a valid bearer token whose <c>sub</c> is the path's user, and
/// the problem-details answers every such action can give.
/// </summary>
[ApiController]
[Authorize(Policy = PathUserRequirement.PolicyName)]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
public abstract class ApiControllerBase : ControllerBase
{
    /// <summary>The caller, from the token. Equal to the path's <c>user_id</c>: the policy checked it.</summary>
    protected string CurrentUserId => User.UserId();

    protected ProblemResult NotFoundProblem(string title, string detail) =>
        new(ProblemDetailsFactory.CreateProblemDetails(HttpContext, StatusCodes.Status404NotFound, title, detail: detail));
}
