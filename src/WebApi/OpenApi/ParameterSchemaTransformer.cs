using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TodoChat.WebApi.OpenApi;

/// <summary>
/// Parameter rules the generator does not read itself: <see cref="AllowedValuesAttribute"/> becomes the
/// schema's enum, <c>[DataType(DataType.DateTime)]</c> its date-time format.
/// </summary>
internal sealed class ParameterSchemaTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var description in context.Description.ParameterDescriptions)
        {
            var info = (description.ParameterDescriptor as ControllerParameterDescriptor)?.ParameterInfo;
            var parameter = operation.Parameters?.FirstOrDefault(p => p.Name == description.Name);
            if (info is null || parameter?.Schema is not OpenApiSchema schema)
            {
                continue;
            }

            if (info.GetCustomAttribute<AllowedValuesAttribute>() is { } allowed)
            {
                schema.Enum = allowed.Values.Select(v => (JsonNode)JsonValue.Create(v?.ToString())!).ToList();
            }

            if (info.GetCustomAttribute<DataTypeAttribute>()?.DataType == DataType.DateTime)
            {
                schema.Format = "date-time";
            }
        }

        return Task.CompletedTask;
    }
}
