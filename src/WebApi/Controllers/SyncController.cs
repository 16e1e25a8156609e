using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using TodoChat.Application.Sync;
using TodoChat.Application.Sync.Queries.GetChanges;

namespace TodoChat.WebApi.Controllers;

/// <summary>Everything that changed in the user's conversations, in one call (ADR-015).</summary>
[Route("api/{user_id}/sync")]
[Tags("Sync")]
public sealed class SyncController(ISender sender) : ApiControllerBase
{
    /// <summary>
    /// The conversations changed since <c>since</c> (oldest change first), each with the messages added
    /// since, and the conversations deleted since; without <c>since</c>, the most recently active
    /// conversations with their newest messages. Apply the answer, keep <c>next_token</c> and send it
    /// next time; while <c>has_more</c>, call again at once. A client that is current gets an empty answer
    /// read from one counter, or 304 when it sends the answer's <c>ETag</c> in <c>If-None-Match</c>.
    /// </summary>
    /// <param name="since">The <c>next_token</c> of the previous answer; absent to start from nothing.</param>
    /// <param name="limit">Conversations (changed or deleted) per answer, 1 to 100.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    [HttpGet(Name = "Sync")]
    [ProducesResponseType<SyncPage>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<ActionResult<SyncPage>> Get(
        [FromQuery] string? since = null,
        [FromQuery, Range(1, GetChangesQuery.MaxLimit)] int limit = GetChangesQuery.DefaultLimit,
        CancellationToken cancellationToken = default)
    {
        var answer = await sender.Send(new GetChangesQuery(CurrentUserId, since, limit), cancellationToken);
        var tag = $"\"sync-{answer.Stamp}\"";
        Response.Headers.ETag = "W/" + tag;
        Response.Headers.CacheControl = PrivateNoCache;
        if (answer.Current && IfNoneMatch() is { } tags && (tags.Contains(tag) || tags.Contains("*")))
        {
            return StatusCode(StatusCodes.Status304NotModified);
        }

        return answer.Page;
    }
}
