using System.Runtime.CompilerServices;
using FluentValidation;
using Mediator;
using ValidationException = TodoChat.Application.Common.Exceptions.ValidationException;

namespace TodoChat.Application.Common.Behaviours;

/// <summary>Runs every FluentValidation validator of the message before its handler; the only place validation runs.</summary>
public sealed class ValidationBehaviour<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private readonly IValidator<TMessage>[] _validators = validators.ToArray();

    // Every request passes here: pooled state machines instead of one allocation per call.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<TResponse> Handle(
        TMessage message,
        MessageHandlerDelegate<TMessage, TResponse> next,
        CancellationToken cancellationToken)
    {
        if (_validators.Length > 0)
        {
            // The rules are synchronous (none uses MustAsync or CustomAsync), so they run without
            // FluentValidation's async machinery.
            var context = new ValidationContext<TMessage>(message);
            List<FluentValidation.Results.ValidationFailure>? failures = null;
            foreach (var validator in _validators)
            {
                var result = validator.Validate(context);
                if (!result.IsValid)
                {
                    (failures ??= []).AddRange(result.Errors);
                }
            }

            if (failures is not null)
            {
                throw new ValidationException(failures);
            }
        }

        return await next(message, cancellationToken);
    }
}
