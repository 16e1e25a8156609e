using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using TodoChat.Application.Common.Exceptions;
using TodoChat.Application.Common.Interfaces;
using TodoChat.WebApi.Json;

namespace TodoChat.WebApi.Errors;

/// <summary>
/// The one place exceptions become RFC 9457 problem details. Expected failures get their own status;
/// anything else is a 500 that says nothing about the internals.
/// </summary>
public sealed class ProblemDetailsExceptionHandler(
    IProblemDetailsService problemDetails,
    IOptions<ApiOptions> api,
    IFailureClassifier failures,
    ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody is left to read an answer.
            httpContext.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
            return true;
        }

        var problem = Describe(httpContext, exception);
        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    /// <summary>
    /// The problem an exception stands for, logged as it is answered. Headers (<c>Retry-After</c>) are set
    /// while the response has not started; after that (a streamed turn's <c>turn.failed</c>) the
    /// problem carries <c>retry_after</c> instead.
    /// </summary>
    public ProblemDetails Describe(HttpContext httpContext, Exception exception)
    {
        ProblemDetails problem;
        switch (exception)
        {
            case ValidationException validation:
                problem = new ValidationProblemDetails(PublicNames(validation.Errors))
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "The request is not valid.",
                    Detail = "See 'errors' for each parameter that broke a rule.",
                };
                break;

            case BadHttpRequestException badRequest:
                problem = new ProblemDetails
                {
                    Status = badRequest.StatusCode,
                    Title = badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "The request is malformed.",
                    Detail = badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge
                        ? $"Request bodies may be at most {api.Value.MaxRequestBodyBytes} bytes."
                        : "The HTTP request could not be read.",
                };
                break;

            case System.Text.DecoderFallbackException:
                // The body's bytes are not text in the charset its Content-Type names (utf-16 with an
                // odd byte count, say): MVC's JSON reader transcodes to UTF-8 and throws this, not a
                // JsonException, so it is no model-state error. Answered as one: nothing was read or applied.
                problem = InvalidModelState.Unreadable(new Dictionary<string, string[]>
                {
                    [InvalidModelState.BodyKey] = ["The body is not valid text in the charset its Content-Type names. Send UTF-8 JSON."],
                });
                break;

            case IdempotencyKeyReusedException:
                problem = new ProblemDetails
                {
                    Type = ProblemTypes.IdempotencyKeyReused,
                    Status = StatusCodes.Status422UnprocessableEntity,
                    Title = "The Idempotency-Key was already used for another request.",
                    Detail = "A key stands for one request: send this one with a new key, or the earlier request unchanged with this key.",
                };
                break;

            case QuotaExceededException quota:
                problem = Quota(quota);
                break;

            case AgentUnavailableException unavailable:
                problem = Unavailable(
                    httpContext,
                    exception,
                    "AI agent",
                    unavailable.RetryAfterSeconds,
                    "The AI agent is temporarily unavailable.",
                    "Nothing of this message was saved or applied. Send it again after the number of seconds in 'Retry-After'.");
                break;

            case TooManyConcurrentTurnsException tooMany:
                RetryAfter(httpContext, tooMany.RetryAfterSeconds);
                problem = new ProblemDetails
                {
                    Type = ProblemTypes.TooManyConcurrentTurns,
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Too many chat messages at once.",
                    Detail = $"Each user may have {tooMany.Limit} chat messages answered at once. Nothing of this one was stored; send it again after the number of seconds in 'Retry-After', or when an earlier one is answered.",
                };
                break;

            case ChatTurnsBusyException busy:
                problem = Unavailable(
                    httpContext,
                    exception,
                    "Chat turn capacity",
                    busy.RetryAfterSeconds,
                    "The service is answering as many chat messages as it can.",
                    "Nothing of this message was stored or applied. Send it again after the number of seconds in 'Retry-After'.");
                break;

            case ConcurrentChangeException:
                problem = Unavailable(
                    httpContext,
                    exception,
                    "Concurrent changes",
                    api.Value.RetryAfterSeconds,
                    "What this request read kept changing while it ran.",
                    "Other requests changed the same conversation or tasks each time this one was about to be applied, so nothing of it was stored or applied. Send it again after the number of seconds in 'Retry-After'.");
                break;

            case AgentRejectedException rejected:
                // The provider's status and our reason, never its message: it may quote the conversation.
                logger.LogWarning(
                    "AI model refused the turn for {Method} {Path}: {Reason} (HTTP {ProviderStatus})",
                    httpContext.Request.Method,
                    httpContext.Request.Path,
                    rejected.Reason,
                    rejected.ProviderStatus);
                problem = Rejected(rejected);
                break;

            case var e when failures.Classify(e) is FailureKind.UnstorableText:
                // Client input, not a fault of ours: a warning without the stack trace, so it cannot flood the error log.
                logger.LogWarning(
                    "Unstorable text refused for {Method} {Path}: {ExceptionType}",
                    httpContext.Request.Method,
                    httpContext.Request.Path,
                    Innermost(exception).GetType().Name);
                problem = new ValidationProblemDetails(new Dictionary<string, string[]>
                {
                    [InvalidModelState.BodyKey] = ["The request contains a character that cannot be stored: a control character or an unpaired surrogate."],
                })
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "The request is not valid.",
                    Detail = "See 'errors' for each parameter that broke a rule.",
                };
                break;

            case var e when failures.Classify(e) is FailureKind.Unavailable:
                problem = Unavailable(
                    httpContext,
                    exception,
                    "Database",
                    api.Value.RetryAfterSeconds,
                    "The service is temporarily unavailable.",
                    "The database is unreachable or busy. Retry after the number of seconds in 'Retry-After'.");
                break;

            default:
                logger.LogError(exception, "Unhandled exception for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
                problem = new ProblemDetails
                {
                    Status = StatusCodes.Status500InternalServerError,
                    Title = "An unexpected error occurred.",
                    Detail = "The error has been logged. Quote the traceId when reporting it.",
                };
                break;
        }

        if (httpContext.Response.HasStarted && httpContext.Items[RetryAfterItem] is int seconds)
        {
            problem.Extensions["retry_after"] = seconds;
        }

        return problem;
    }

    private const string RetryAfterItem = "todochat.retry-after";

    private static void RetryAfter(HttpContext httpContext, int seconds)
    {
        httpContext.Items[RetryAfterItem] = seconds;
        if (!httpContext.Response.HasStarted)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>A quota reached: its own problem type; 409 for what the account holds, 422 for what one turn may do.</summary>
    private static ProblemDetails Quota(QuotaExceededException quota) => quota.Kind switch
    {
        QuotaKind.Tasks => new ProblemDetails
        {
            Type = ProblemTypes.TaskQuota,
            Status = StatusCodes.Status409Conflict,
            Title = "The task quota is reached.",
            Detail = $"An account may hold {quota.Limit:N0} tasks. Delete some (completed ones, say) before adding more.",
        },
        QuotaKind.Conversations => new ProblemDetails
        {
            Type = ProblemTypes.ConversationQuota,
            Status = StatusCodes.Status409Conflict,
            Title = "The conversation quota is reached.",
            Detail = $"An account may hold {quota.Limit:N0} conversations. Delete old ones, or continue one, before starting another; nothing of this message was stored.",
        },
        QuotaKind.ToolCallsPerTurn => new ProblemDetails
        {
            Type = ProblemTypes.ToolCallLimit,
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The turn made too many tool calls.",
            Detail = $"One turn may call tools {quota.Limit:N0} times. Nothing of this message was stored or applied: ask for fewer things at once.",
        },
        _ => new ProblemDetails
        {
            Type = ProblemTypes.ReplyTooLarge,
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The reply is too large to store.",
            Detail = $"A turn's reply with its tool calls may take {quota.Limit:N0} characters. Nothing of this message was stored or applied: ask for fewer things at once.",
        },
    };

    /// <summary>A permanent refusal of the model: a 502 whose type names the cause and which does not invite a retry.</summary>
    private static ProblemDetails Rejected(AgentRejectedException rejected) => rejected.Reason switch
    {
        AgentRejection.ContextTooLong => BadGateway(
            ProblemTypes.ModelContextTooLong,
            "The conversation is too long for the AI model.",
            "The history window with this message exceeds the model's context length (context_length_exceeded). Nothing was stored or applied; " +
            "start a new conversation or send a shorter message."),
        AgentRejection.NotAuthorized => BadGateway(
            ProblemTypes.ModelNotAuthorized,
            "The AI model refused the service's credentials.",
            $"The provider answered {rejected.ProviderStatus}: the service's key or its permissions are wrong, which an operator must fix. Nothing was stored or applied."),
        AgentRejection.ModelNotFound => BadGateway(
            ProblemTypes.ModelNotFound,
            "The configured AI model does not exist.",
            "The provider answered 404 for the configured model or deployment, which an operator must fix. Nothing was stored or applied."),
        _ => BadGateway(
            ProblemTypes.ModelRejectedRequest,
            "The AI model refused the request.",
            $"The provider answered {rejected.ProviderStatus} to this turn and would answer the same again. Nothing was stored or applied."),
    };

    private static ProblemDetails BadGateway(string type, string title, string detail) =>
        new() { Type = type, Status = StatusCodes.Status502BadGateway, Title = title, Detail = detail };

    /// <summary>A 503 that tells the client when to come back; logged with the cause's type, never its text.</summary>
    private ProblemDetails Unavailable(HttpContext httpContext, Exception exception, string what, int retryAfterSeconds, string title, string detail)
    {
        logger.LogWarning(
            "{Dependency} unavailable for {Method} {Path}: {ExceptionType}",
            what,
            httpContext.Request.Method,
            httpContext.Request.Path,
            Innermost(exception).GetType().Name);
        RetryAfter(httpContext, retryAfterSeconds);
        return new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = title, Detail = detail };
    }

    /// <summary>The root cause under the wrappers (EF Core's, the driver's): its type is logged, never its message.</summary>
    private static Exception Innermost(Exception exception)
    {
        var e = exception;
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }

    /// <summary>
    /// Use-case property names (<c>TaskId</c>) become the public snake_case names (<c>task_id</c>);
    /// header names (<c>Idempotency-Key</c>) stay as they are sent.
    /// </summary>
    private static Dictionary<string, string[]> PublicNames(IReadOnlyDictionary<string, string[]> errors) =>
        errors
            .GroupBy(e => e.Key.Contains('-', StringComparison.Ordinal) ? e.Key : JsonSetup.NamingPolicy.ConvertName(e.Key), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).Distinct().ToArray(), StringComparer.Ordinal);
}
