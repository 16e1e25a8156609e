namespace TodoChat.Application.Common.Exceptions;

/// <summary>Another request with the same user and Idempotency-Key committed first.</summary>
public sealed class IdempotencyKeyTakenException(Exception? inner = null)
    : Exception("Another request with this Idempotency-Key committed first.", inner);
