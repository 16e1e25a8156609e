using System.Text.Json;
using System.Text.Json.Serialization;

namespace TodoChat.Infrastructure.Ai;

/// <summary>Tool arguments and results as the contract spells them: snake_case.</summary>
internal static class AiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };
}
