using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using TodoChat.Application.Conversations;
using TodoChat.Application.Conversations.Commands.DeleteConversation;
using TodoChat.Application.Conversations.Queries.GetConversation;
using TodoChat.Application.Conversations.Queries.GetConversationHistory;
using TodoChat.Application.Conversations.Queries.GetConversations;
using TodoChat.WebApi.Errors;

namespace TodoChat.WebApi.Controllers;

/// <summary>The user's conversations with the agent and their message history.</summary>
[Route("api/{user_id}/conversations")]
[Tags("Conversations")]
public sealed class ConversationsController(ISender sender) : ApiControllerBase
{
    /// <summary>The user's conversations, newest activity first, a page at a time.</summary>
    /// <param name="userId">The user; must be the token's <c>sub</c>.</param>
    /// <param name="limit">Conversations per page, 1 to 100.</param>
    /// <param name="cursor">The <c>next_cursor</c> of the previous page.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    [HttpGet(Name = "ListConversations")]
    [ProducesResponseType<ConversationListPage>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<ActionResult<ConversationListPage>> List(
        [FromRoute(Name = "user_id")] string userId,
        [FromQuery, Range(1, GetConversationsQuery.MaxLimit)] int limit = GetConversationsQuery.DefaultLimit,
        [FromQuery] string? cursor = null,
        CancellationToken cancellationToken = default)
    {
        var page = await sender.Send(new GetConversationsQuery(CurrentUserId, limit, cursor), cancellationToken);
        Response.Headers.CacheControl = "private, no-cache";
        return page;
    }

    /// <summary>One conversation. Send its ETag in <c>If-None-Match</c> to get 304 while it is unchanged.</summary>
    [HttpGet("{conversation_id}", Name = "GetConversation")]
    [ProducesResponseType<ConversationDto>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<ActionResult<ConversationDto>> Get(
        [FromRoute(Name = "user_id")] string userId,
        [FromRoute(Name = "conversation_id")] Guid conversationId,
        [FromHeader(Name = "If-None-Match")] string? ifNoneMatch,
        CancellationToken cancellationToken)
    {
        var result = await sender.Send(new GetConversationQuery(CurrentUserId, conversationId, IfNoneMatch()), cancellationToken);
        return Revalidated(result, () => ConversationNotFound(conversationId));
    }

    /// <summary>Deletes a conversation and all its messages.</summary>
    [HttpDelete("{conversation_id}", Name = "DeleteConversation")]
    [EnableRateLimiting(UserRateLimits.Writes)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Delete(
        [FromRoute(Name = "user_id")] string userId,
        [FromRoute(Name = "conversation_id")] Guid conversationId,
        CancellationToken cancellationToken)
    {
        var deleted = await sender.Send(new DeleteConversationCommand(CurrentUserId, conversationId), cancellationToken);
        return deleted ? NoContent() : ConversationNotFound(conversationId);
    }

    /// <summary>
    /// A page of the conversation's messages, ordered by <c>created_at</c> then <c>seq</c>. Page with
    /// <c>offset</c> or, to never repeat or skip a message while new ones arrive, with <c>next_cursor</c>.
    /// Send the ETag in <c>If-None-Match</c> to get 304 while the conversation is unchanged.
    /// </summary>
    /// <param name="userId">The user; must be the token's <c>sub</c>.</param>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="limit">Messages per page, 1 to 1000.</param>
    /// <param name="offset">Messages to skip after the time filters; not with <c>cursor</c>.</param>
    /// <param name="before">Only messages created before this ISO 8601 instant (exclusive).</param>
    /// <param name="after">Only messages created after this ISO 8601 instant (exclusive); earlier than <c>before</c>.</param>
    /// <param name="order"><c>asc</c>, oldest first (default), or <c>desc</c>, newest first.</param>
    /// <param name="cursor">The <c>next_cursor</c> of the previous page, with the same order and filters.</param>
    /// <param name="ifNoneMatch">ETags of copies the client holds.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    [HttpGet("{conversation_id}/messages", Name = "GetConversationHistory")]
    [ProducesResponseType<ConversationHistoryPage>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<ActionResult<ConversationHistoryPage>> History(
        [FromRoute(Name = "user_id")] string userId,
        [FromRoute(Name = "conversation_id")] Guid conversationId,
        [FromQuery, Range(1, GetConversationHistoryQuery.MaxLimit)] int limit = GetConversationHistoryQuery.DefaultLimit,
        [FromQuery, Range(0, int.MaxValue)] int offset = 0,
        [FromQuery, DataType(DataType.DateTime)] string? before = null,
        [FromQuery, DataType(DataType.DateTime)] string? after = null,
        [FromQuery, DefaultValue("asc"), AllowedValues("asc", "desc")] string? order = null,
        [FromQuery] string? cursor = null,
        [FromHeader(Name = "If-None-Match")] string? ifNoneMatch = null,
        CancellationToken cancellationToken = default)
    {
        var query = new GetConversationHistoryQuery(CurrentUserId, conversationId, limit, offset, before, after, order, cursor, IfNoneMatch());
        var result = await sender.Send(query, cancellationToken);
        return Revalidated(result, () => ConversationNotFound(conversationId));
    }

    private ProblemResult ConversationNotFound(Guid id) => NotFoundProblem("Conversation not found.", $"You have no conversation with id {id}.");
}
