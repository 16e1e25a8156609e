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
    /// <param name="limit">Conversations per page, 1 to 100.</param>
    /// <param name="cursor">The <c>next_cursor</c> of the previous page.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    [HttpGet(Name = "ListConversations")]
    [ProducesResponseType<ConversationListPage>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<ActionResult<ConversationListPage>> List(
        [FromQuery, Range(1, GetConversationsQuery.MaxLimit)] int limit = GetConversationsQuery.DefaultLimit,
        [FromQuery] string? cursor = null,
        CancellationToken cancellationToken = default) =>
        MustRevalidate(await sender.Send(new GetConversationsQuery(CurrentUserId, limit, cursor), cancellationToken));

    /// <summary>One conversation. Send its ETag in <c>If-None-Match</c> to get 304 while it is unchanged.</summary>
    [HttpGet("{conversation_id}", Name = "GetConversation")]
    [ProducesResponseType<ConversationDto>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<ActionResult<ConversationDto>> Get(
        [FromRoute(Name = "conversation_id")] Guid conversationId,
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
    /// <param name="conversationId">The conversation.</param>
    /// <param name="page">Which page: limit, offset, time filters, order, cursor.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    [HttpGet("{conversation_id}/messages", Name = "GetConversationHistory")]
    [ProducesResponseType<ConversationHistoryPage>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<ActionResult<ConversationHistoryPage>> History(
        [FromRoute(Name = "conversation_id")] Guid conversationId,
        [FromQuery] HistoryPageParameters page,
        CancellationToken cancellationToken = default)
    {
        var query = new GetConversationHistoryQuery(CurrentUserId, conversationId, page.Limit, page.Offset, page.Before, page.After, page.Order, page.Cursor, IfNoneMatch());
        var result = await sender.Send(query, cancellationToken);
        return Revalidated(result, () => ConversationNotFound(conversationId), found => new HistoryPageResult(found));
    }

    private ProblemResult ConversationNotFound(Guid id) => NotFoundProblem("Conversation not found.", $"You have no conversation with id {id}.");
}
