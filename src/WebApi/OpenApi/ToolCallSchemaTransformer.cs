using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using TodoChat.Application.Chat;

namespace TodoChat.WebApi.OpenApi;

/// <summary>
/// A tool call's arguments are a JSON object and its result is any JSON value (an object, or the array
/// list_tasks returns). Both are held as JsonElement, which the schema generator would otherwise name
/// as a schema of its own that generators turn into an empty class.
/// </summary>
internal sealed class ToolCallSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type == typeof(ToolCallDto) && schema.Properties is { } properties)
        {
            properties["arguments"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                AdditionalPropertiesAllowed = true,
                Description = "The arguments the agent called the tool with, by name.",
            };
            properties["result"] = new OpenApiSchema
            {
                Description = "What the tool answered: an object such as { task_id, status, title }, or for list_tasks an array of { id, title, completed }.",
            };
        }

        return Task.CompletedTask;
    }
}
