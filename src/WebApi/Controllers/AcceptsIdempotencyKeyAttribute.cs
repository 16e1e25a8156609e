namespace TodoChat.WebApi.Controllers;

/// <summary>
/// The action reads the <c>Idempotency-Key</c> header (through <see cref="ApiControllerBase.IdempotencyKey"/>):
/// the OpenAPI document lists the header for it, so no action binds a parameter only to be documented.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AcceptsIdempotencyKeyAttribute : Attribute;
