using System.Runtime.CompilerServices;
using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.Logging;
using TodoChat.Application.Common.Messaging;
using TodoChat.Application.Common.Telemetry;

namespace TodoChat.Application.Common.Behaviours;

/// <summary>
/// Logs each use case's type, user id and duration, and traces it as a span named for its type (a
/// child of the request's span, a parent of its SQL and model calls). Never the message itself:
/// requests carry task titles and chat text, which are user data, so the span has no tags from it.
/// </summary>
public sealed class LoggingBehaviour<TMessage, TResponse>(ILogger<LoggingBehaviour<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<TResponse> Handle(
        TMessage message,
        MessageHandlerDelegate<TMessage, TResponse> next,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var userId = (message as IUserRequest)?.UserId;
        using var activity = TodoChatMetrics.ChildSpanMayBeRecorded
            ? TodoChatMetrics.ActivitySource.StartActivity(typeof(TMessage).Name, ActivityKind.Internal)
            : null;
        try
        {
            var response = await next(message, cancellationToken);
            if (logger.IsEnabled(LogLevel.Debug))
            {
                logger.LogDebug(
                    "{RequestType} for user {UserId} handled in {ElapsedMs:0.0} ms",
                    typeof(TMessage).Name,
                    userId,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            return response;
        }
        catch (Exception ex) when (ex is not Exceptions.ValidationException and not OperationCanceledException)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            logger.LogWarning(
                "{RequestType} for user {UserId} failed after {ElapsedMs:0.0} ms with {ExceptionType}",
                typeof(TMessage).Name,
                userId,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                ex.GetType().Name);
            throw;
        }
    }
}
