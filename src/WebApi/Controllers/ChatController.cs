using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using TodoChat.Application.Chat;
using TodoChat.Application.Chat.Commands.SendChatMessage;
using TodoChat.Application.Common.Idempotency;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;
using TodoChat.WebApi.Errors;
using TodoChat.WebApi.OpenApi;
using TodoChat.WebApi.Streaming;

namespace TodoChat.WebApi.Controllers;

/// <summary>Talk to the agent; it manages the user's tasks with its tools.</summary>
[Route("api/{user_id}/chat")]
[Tags("Chat")]
public sealed class ChatController(ISender sender) : ApiControllerBase
{
    private const string StreamDescription =
        "The turn: `ChatTurnDto` as JSON. With `Accept: text/event-stream`: the turn as Server-Sent Events, each with an `id:` and a JSON `data:` line: " +
        "`turn.started` {conversation_id}; `tool.started` {call_id, tool, arguments}; `tool.completed` {call_id, tool, arguments, result}; " +
        "`message.delta` {text}: the stored reply is the deltas joined; `turn.restarted` {attempt}: what the turn read changed before it was stored, " +
        "so everything since `turn.started` is void and the turn runs again; then one of `turn.completed` {conversation_id, message, tool_calls, etag} " +
        "or `turn.failed` (a problem details object: nothing was stored). Comment lines are heartbeats. Errors found before the turn starts " +
        "(validation, limits, an unknown conversation) are ordinary problem+json answers.";

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
    [ProducesEventStream(StreamDescription)]
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
        if (WantsEventStream())
        {
            return await StreamAsync(request);
        }

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

    private bool WantsEventStream() =>
        Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(ChatEventStream.MediaType, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The turn as Server-Sent Events (ADR-014). It runs apart from the request's cancellation: once
    /// started, a client that goes away does not stop it, and it is stored as any turn is. Whatever
    /// fails before its first event is an ordinary problem answer.
    /// </summary>
    private async Task<ActionResult<ChatTurnDto>> StreamAsync(ChatRequest request)
    {
        var services = HttpContext.RequestServices;
        var stream = new ChatEventStream(services.GetRequiredService<IOptions<JsonOptions>>().Value.JsonSerializerOptions, services.GetRequiredService<TimeProvider>());
        var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var command = new SendChatMessageCommand(CurrentUserId, request.ConversationId, request.Message ?? string.Empty, IdempotencyKey(), stream);
        var turn = sender.Send(command, stopping).AsTask();

        await Task.WhenAny(stream.FirstEvent, turn);
        if (!stream.FirstEvent.IsCompleted)
        {
            // Refused before it began (validation, limits, quota, an unknown conversation), or answered
            // from its Idempotency-Key's record: an ordinary answer, or the stored turn as a stream.
            ChatTurnResult? replayed;
            try
            {
                replayed = await turn;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Written here, where the endpoint is known, so the problem is JSON whatever Accept asked for.
                var problem = Problem(Problems().Describe(HttpContext, ex), ex);
                return new ObjectResult(problem) { StatusCode = problem.Status, DeclaredType = problem.GetType(), ContentTypes = { "application/problem+json" } };
            }

            if (replayed is null)
            {
                return NotFoundProblem("Conversation not found.", $"You have no conversation with id {request.ConversationId}.");
            }

            MarkReplayed();
            stream.Replay(replayed);
            stream.Completed(replayed);
            await stream.WriteToAsync(Response, HttpContext.RequestAborted);
            return new EmptyResult();
        }

        using var heartbeats = new CancellationTokenSource();
        var beating = HeartbeatAsync(stream, heartbeats.Token);
        var writing = stream.WriteToAsync(Response, HttpContext.RequestAborted);
        try
        {
            var result = await turn;
            if (result is null)
            {
                // The conversation was deleted while the model answered.
                stream.Failed(Problem(StatusCodes.Status404NotFound, "Conversation not found.", $"You have no conversation with id {request.ConversationId}."));
            }
            else
            {
                if (services.GetRequiredService<IdempotencyOutcome>().Replayed)
                {
                    // Another request with the same key was stored first: its turn is the one that counts.
                    stream.Restarted(stream.Attempt + 1);
                    stream.Replay(result);
                }

                stream.Completed(result);
            }
        }
        catch (OperationCanceledException ex) when (stopping.IsCancellationRequested)
        {
            stream.Failed(Problem(
                new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = "The service is stopping.", Detail = "Nothing of this message was stored or applied. Send it again." },
                ex));
        }
        catch (Exception ex)
        {
            stream.Failed(Problem(Problems().Describe(HttpContext, ex), ex));
        }
        finally
        {
            await heartbeats.CancelAsync();
        }

        await writing;
        await beating;
        return new EmptyResult();
    }

    /// <summary>A comment every <c>Chat:StreamHeartbeatSeconds</c> in which no event was sent, on the service's clock.</summary>
    private async Task HeartbeatAsync(ChatEventStream stream, CancellationToken stop)
    {
        var seconds = HttpContext.RequestServices.GetRequiredService<IOptions<ChatTurnOptions>>().Value.StreamHeartbeatSeconds;
        if (seconds <= 0)
        {
            return;
        }

        var interval = TimeSpan.FromSeconds(seconds);
        using var timer = new PeriodicTimer(interval, HttpContext.RequestServices.GetRequiredService<TimeProvider>());
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                stream.Heartbeat(interval);
            }
        }
        catch (OperationCanceledException)
        {
            // The turn is over.
        }
    }

    private ProblemDetailsExceptionHandler Problems() =>
        HttpContext.RequestServices.GetServices<IExceptionHandler>().OfType<ProblemDetailsExceptionHandler>().Single();

    private ProblemDetails Problem(int status, string title, string detail) =>
        Problem(new ProblemDetails { Status = status, Title = title, Detail = detail }, null);

    /// <summary>A problem as the service's writer would shape it (traceId and all), for a <c>turn.failed</c> event.</summary>
    private ProblemDetails Problem(ProblemDetails problem, Exception? exception)
    {
        if (problem.Type is null && problem.Status is int status
            && HttpContext.RequestServices.GetRequiredService<IOptions<ApiBehaviorOptions>>().Value.ClientErrorMapping.TryGetValue(status, out var known))
        {
            problem.Type = known.Link;
        }

        HttpContext.RequestServices.GetRequiredService<IOptions<ProblemDetailsOptions>>().Value.CustomizeProblemDetails?.Invoke(
            new ProblemDetailsContext { HttpContext = HttpContext, ProblemDetails = problem, Exception = exception });
        return problem;
    }
}

/// <summary>A chat message: <c>message</c> 1 to 10,000 characters; <c>conversation_id</c> null starts a conversation.</summary>
public sealed record ChatRequest(
    Guid? ConversationId,
    [property: Required, MinLength(1), MaxLength(SendChatMessageCommand.MessageMaxLength)] string Message);
