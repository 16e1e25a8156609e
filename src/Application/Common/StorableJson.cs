using System.Text.Json;
using System.Text.Json.Nodes;
using TodoChat.Domain.Text;

namespace TodoChat.Application.Common;

/// <summary>JSON from outside (a model's tool arguments) made storable: every string cleaned by <see cref="UserText.Clean"/>.</summary>
public static class StorableJson
{
    public static JsonElement Clean(JsonElement element) =>
        element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False
            ? element
            : JsonSerializer.SerializeToElement(Clean(JsonNode.Parse(element.GetRawText())));

    private static JsonNode? Clean(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject source:
                var target = new JsonObject();
                foreach (var (name, value) in source)
                {
                    target[UserText.Clean(name)] = Clean(value);
                }

                return target;
            case JsonArray array:
                return new JsonArray(array.Select(Clean).ToArray());
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return JsonValue.Create(UserText.Clean(value.GetValue<string>()));
            default:
                return node?.DeepClone();
        }
    }
}
