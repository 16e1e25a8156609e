using System.Runtime.CompilerServices;
using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.Logging;
using TodoChat.Application.Common.Messaging;

namespace TodoChat.Application.Common.Behaviours;

/// <summary>
/// Logs each use case's type, user id and duration. Never the message itself: requests carry task
/// titles and chat text, which are user data.
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
