using System.Text.Json;

namespace TodoChat.Infrastructure.Ai;

/// <summary>Tool arguments and results as the contract spells them: snake_case.</summary>
internal static class AiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };
}
