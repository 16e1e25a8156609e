using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TodoChat.WebApi.OpenApi;

/// <summary>
/// An action that can also answer as Server-Sent Events (<see cref="ProducesEventStreamAttribute"/>):
/// its 200 gets a <c>text/event-stream</c> content beside the JSON one, and the events in its description.
/// </summary>
internal sealed class EventStreamTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var stream = context.Description.ActionDescriptor.EndpointMetadata.OfType<ProducesEventStreamAttribute>().FirstOrDefault();
        if (stream is not null && operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response)
        {
            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            response.Content[Streaming.ChatEventStream.MediaType] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Server-Sent Events, as the response's description says." },
            };
            response.Description = stream.Description;
        }

        return Task.CompletedTask;
    }
}

/// <summary>The action answers <c>Accept: text/event-stream</c> with Server-Sent Events, described here.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ProducesEventStreamAttribute(string description) : Attribute
{
    public string Description { get; } = description;
}
