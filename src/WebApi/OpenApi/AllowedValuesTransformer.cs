using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TodoChat.WebApi.OpenApi;

/// <summary>A parameter marked <see cref="AllowedValuesAttribute"/> gets those values as its schema's enum.</summary>
internal sealed class AllowedValuesTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var description in context.Description.ParameterDescriptions)
        {
            var allowed = (description.ParameterDescriptor as ControllerParameterDescriptor)?.ParameterInfo.GetCustomAttribute<AllowedValuesAttribute>();
            var parameter = operation.Parameters?.FirstOrDefault(p => p.Name == description.Name);
            if (allowed is null || parameter?.Schema is not OpenApiSchema schema)
            {
                continue;
            }

            schema.Enum = allowed.Values.Select(v => (JsonNode)JsonValue.Create(v?.ToString())!).ToList();
        }

        return Task.CompletedTask;
    }
}
