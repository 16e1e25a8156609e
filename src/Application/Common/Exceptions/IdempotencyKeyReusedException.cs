namespace TodoChat.Application.Common.Exceptions;

/// <summary>The Idempotency-Key was used before with a different request (422).</summary>
public sealed class IdempotencyKeyReusedException()
    : Exception("This Idempotency-Key was already used with a different request.");
