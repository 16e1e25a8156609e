using Microsoft.AspNetCore.Mvc;

namespace TodoChat.WebApi.Errors;

/// <summary>
/// Writes a problem through <see cref="IProblemDetailsService"/>, like every other error, so it is
/// <c>application/problem+json</c> whatever the action's <c>[Produces]</c> says, and carries the traceId.
/// </summary>
public sealed class ProblemResult(ProblemDetails problem) : ActionResult
{
    public override Task ExecuteResultAsync(ActionContext context) => WriteAsync(context.HttpContext, problem);

    /// <summary>The same, outside MVC (authentication events, the rate limiter): status, then the body.</summary>
    public static async Task WriteAsync(HttpContext http, ProblemDetails problem)
    {
        http.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = problem,
        });
    }
}
