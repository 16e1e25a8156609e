using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using TodoChat.Application.Chat;
using TodoChat.Application.Chat.Commands.SendChatMessage;
using TodoChat.Application.Common.Idempotency;
using TodoChat.WebApi.Errors;

namespace TodoChat.WebApi.Controllers;

/// <summary>Talk to the agent; it manages the user's tasks with its tools.</summary>
[Route("api/{user_id}/chat")]
[Tags("Chat")]
public sealed class ChatController(ISender sender) : ApiControllerBase
{
    /// <summary>
    /// Sends one message and returns the agent's answer with the tool calls it made. With
    /// <c>conversation_id</c> null a conversation is started. The turn is all or nothing: when the
    /// agent is unavailable (503) or refuses the turn for good (502), nothing of it was stored or applied.
    /// </summary>
    [HttpPost(Name = "Chat")]
    [AcceptsIdempotencyKey]
    [EnableRateLimiting(UserRateLimits.ChatTurns)]
    [Consumes("application/json")]
    [ProducesResponseType<ChatTurnDto>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json", Description = ProblemTypes.ChatConflictResponse)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json", Description = ProblemTypes.ChatUnprocessableResponse)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json", Description = ProblemTypes.ChatTooManyRequestsResponse)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status502BadGateway, "application/problem+json", Description = ProblemTypes.ChatBadGatewayResponse)]
    public async Task<ActionResult<ChatTurnDto>> Send(
        [FromBody] ChatRequest request,
        CancellationToken cancellationToken)
    {
        var result = await sender.Send(new SendChatMessageCommand(CurrentUserId, request.ConversationId, request.Message ?? string.Empty, IdempotencyKey()), cancellationToken);
        if (result is null)
        {
            return NotFoundProblem("Conversation not found.", $"You have no conversation with id {request.ConversationId}.");
        }

        Response.Headers.CacheControl = "no-cache, no-store, must-revalidate";
        Response.Headers.Pragma = "no-cache";
        Response.Headers.Expires = "0";
        Response.Headers.ETag = result.ETag;
        MarkReplayed();
        return result.Turn;
    }
}

/// <summary>A chat message: <c>message</c> 1 to 10,000 characters; <c>conversation_id</c> null starts a conversation.</summary>
public sealed record ChatRequest(
    Guid? ConversationId,
    [property: Required, MinLength(1), MaxLength(SendChatMessageCommand.MessageMaxLength)] string Message);
