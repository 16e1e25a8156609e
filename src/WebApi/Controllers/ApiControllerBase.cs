using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using TodoChat.Application.Common;
using TodoChat.Application.Common.Idempotency;
using TodoChat.Application.Common.Telemetry;
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
    /// <summary>A client may keep the answer, but must revalidate it before each use.</summary>
    protected const string PrivateNoCache = "private, no-cache";

    /// <summary>The caller, from the token. Equal to the path's <c>user_id</c>: the policy checked it.</summary>
    protected string CurrentUserId => User.UserId();

    /// <summary>
    /// The <c>Idempotency-Key</c> as sent: null when absent, empty when sent empty (which the use case
    /// refuses; binding alone would make it absent), several values joined (refused too).
    /// </summary>
    protected string? IdempotencyKey() =>
        Request.Headers.TryGetValue(IdempotencyKeys.Header, out var values) ? string.Join(',', values.ToArray()) : null;

    /// <summary>Says <c>Idempotent-Replayed: true</c> when the answer repeats an earlier request's (same Idempotency-Key).</summary>
    protected void MarkReplayed()
    {
        if (HttpContext.RequestServices.GetRequiredService<IdempotencyOutcome>().Replayed)
        {
            Response.Headers[IdempotencyKeys.ReplayedHeader] = "true";
        }
    }

    /// <summary>The answer, with <c>Cache-Control: private, no-cache</c>.</summary>
    protected T MustRevalidate<T>(T answer)
    {
        Response.Headers.CacheControl = PrivateNoCache;
        return answer;
    }

    protected ProblemResult NotFoundProblem(string title, string detail) =>
        new(ProblemDetailsFactory.CreateProblemDetails(HttpContext, StatusCodes.Status404NotFound, title, detail: detail));

    /// <summary>The entity tags of <c>If-None-Match</c> (<c>*</c> included); a malformed header counts as absent.</summary>
    protected IReadOnlyCollection<string>? IfNoneMatch() =>
        Request.Headers.IfNoneMatch.Count > 0 && EntityTagHeaderValue.TryParseList(Request.Headers.IfNoneMatch, out var tags)
            ? tags.Select(t => t.Tag.Value ?? string.Empty).ToList()
            : null;

    /// <summary>
    /// 200 with the value, or 304 with no body when the client's copy is current; both with the
    /// ETag and <c>Cache-Control: private, no-cache</c> (a client may keep it, but must revalidate).
    /// </summary>
    protected ActionResult<T> Revalidated<T>(Conditional<T> result, Func<ProblemResult> notFound, Func<T, ActionResult>? found = null)
        where T : class
    {
        if (result.Outcome == ConditionalOutcome.NotFound)
        {
            return notFound();
        }

        Response.Headers.ETag = result.ETag;
        Response.Headers.CacheControl = PrivateNoCache;
        HttpContext.RequestServices.GetRequiredService<TodoChatMetrics>().EtagResponse(
            ControllerContext.ActionDescriptor.AttributeRouteInfo?.Template ?? string.Empty,
            result.Outcome == ConditionalOutcome.NotModified ? StatusCodes.Status304NotModified : StatusCodes.Status200OK,
            Request.Headers.IfNoneMatch.Count > 0);
        return result.Outcome == ConditionalOutcome.NotModified
            ? StatusCode(StatusCodes.Status304NotModified)
            : found is null ? Ok(result.Value) : found(result.Value!);
    }
}
