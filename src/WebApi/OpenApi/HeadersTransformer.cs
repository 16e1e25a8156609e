using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using TodoChat.Application.Common.Idempotency;
using TodoChat.WebApi.Controllers;

namespace TodoChat.WebApi.OpenApi;

/// <summary>
/// The headers the generator cannot see: what <c>Idempotency-Key</c> and <c>If-None-Match</c> mean,
/// and the response headers actions set themselves (<c>ETag</c>, <c>Location</c>,
/// <c>Idempotent-Replayed</c>, <c>Retry-After</c>, <c>WWW-Authenticate</c>).
/// </summary>
internal sealed class HeadersTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        // Actions that read Idempotency-Key say so with [AcceptsIdempotencyKey]; they bind no parameter for it.
        var idempotent = context.Description.ActionDescriptor.EndpointMetadata.OfType<AcceptsIdempotencyKeyAttribute>().Any();
        if (idempotent)
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = IdempotencyKeys.Header,
                In = ParameterLocation.Header,
                Description = "Optional, 1 to 255 visible ASCII characters (a UUID is typical). Sent again with the same request, " +
                    "the request is not applied twice: the first answer comes back, with `Idempotent-Replayed: true`. " +
                    "Keys are remembered for 24 hours per user; the same key with a different request is a 422.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = IdempotencyKeys.MaxLength },
            });
        }

        // Conditional reads take If-None-Match from the request's headers, not from a bound parameter.
        var conditional = operation.Responses?.ContainsKey("304") == true;
        if (conditional && operation.Parameters?.Any(p => p.Name == "If-None-Match") != true)
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-None-Match",
                In = ParameterLocation.Header,
                Description = "The `ETag` of an earlier answer (or a list of them, or `*`): 304 with no body while the conversation still has it.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }

        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (response is not OpenApiResponse concrete)
            {
                continue;
            }

            if (conditional && status is "200" or "304")
            {
                Add(concrete, "ETag", "The conversation's weak entity tag, W/\"...\"; send it in `If-None-Match` to revalidate.");
            }

            if (context.Description.ActionDescriptor.RouteValues.TryGetValue("controller", out var controller) && controller == "Chat" && status == "200")
            {
                Add(concrete, "ETag", "The conversation's entity tag after this turn.");
            }

            if (status == "201")
            {
                Add(concrete, "Location", "The new resource's URL.");
            }

            if (idempotent && status is "200" or "201")
            {
                Add(concrete, IdempotencyKeys.ReplayedHeader, "`true` when this answer repeats the first answer to the same `Idempotency-Key`.");
            }

            if (status is "503" or "429")
            {
                Add(concrete, "Retry-After", "Seconds to wait before trying again.", JsonSchemaType.Integer);
            }

            if (status == "401")
            {
                Add(concrete, "WWW-Authenticate", "`Bearer`, with the reason when a token was sent.");
            }
        }

        return Task.CompletedTask;
    }

    private static void Add(OpenApiResponse response, string name, string description, JsonSchemaType type = JsonSchemaType.String)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = type } };
    }
}
