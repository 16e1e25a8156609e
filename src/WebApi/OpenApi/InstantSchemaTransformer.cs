using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TodoChat.WebApi.OpenApi;

/// <summary>
/// Instants are written by a custom converter (UTC with Z), which hides their type from the schema
/// generator: say again that they are date-time strings.
/// </summary>
internal sealed class InstantSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(DateTimeOffset))
        {
            schema.Type = JsonSchemaType.String;
            schema.Format = "date-time";
        }
        else if (type == typeof(DateTimeOffset?))
        {
            schema.Type = JsonSchemaType.String | JsonSchemaType.Null;
            schema.Format = "date-time";
        }

        return Task.CompletedTask;
    }
}
