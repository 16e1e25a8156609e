using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TodoChat.WebApi.OpenApi;

/// <summary>
/// Parameter rules the generator does not read itself: <see cref="AllowedValuesAttribute"/> becomes the
/// schema's enum, <c>[DataType(DataType.DateTime)]</c> its date-time format. Path parameters come
/// first, in the route's order, whether an action binds them (<c>conversation_id</c>) or only the
/// route and the authorization policy read them (<c>user_id</c>).
/// </summary>
internal sealed class ParameterSchemaTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var description in context.Description.ParameterDescriptions)
        {
            // A parameter of the action, or a property of a parameter object (HistoryPageParameters).
            ICustomAttributeProvider? info = description.ModelMetadata is { PropertyName: { } property, ContainerType: { } container }
                ? container.GetProperty(property)
                : (description.ParameterDescriptor as ControllerParameterDescriptor)?.ParameterInfo;
            var parameter = operation.Parameters?.FirstOrDefault(p => p.Name == description.Name);
            if (info is null || parameter is null || parameter.Schema is not OpenApiSchema schema)
            {
                continue;
            }

            if (Attribute<AllowedValuesAttribute>(info) is { } allowed)
            {
                schema.Enum = allowed.Values.Select(v => (JsonNode)JsonValue.Create(v?.ToString())!).ToList();
            }

            if (Attribute<DataTypeAttribute>(info)?.DataType == DataType.DateTime)
            {
                schema.Format = "date-time";
            }

            if (parameter.Description is null && Attribute<DescriptionAttribute>(info) is { } text && parameter is OpenApiParameter concrete)
            {
                concrete.Description = text.Description;
            }
        }

        if (operation.Parameters is { Count: > 1 } parameters && context.Description.RelativePath is { } route)
        {
            var ordered = parameters
                .Select((p, i) => (Parameter: p, Index: i))
                .OrderBy(x => x.Parameter.In == ParameterLocation.Path ? route.IndexOf('{' + x.Parameter.Name + '}', StringComparison.Ordinal) : int.MaxValue)
                .ThenBy(x => x.Index)
                .Select(x => x.Parameter)
                .ToList();
            parameters.Clear();
            foreach (var parameter in ordered)
            {
                parameters.Add(parameter);
            }
        }

        return Task.CompletedTask;
    }

    private static T? Attribute<T>(ICustomAttributeProvider provider)
        where T : Attribute =>
        provider.GetCustomAttributes(typeof(T), inherit: true).OfType<T>().FirstOrDefault();
}
