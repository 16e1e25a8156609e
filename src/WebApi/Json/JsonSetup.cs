using System.Text.Json;
using System.Text.Json.Serialization;

namespace TodoChat.WebApi.Json;

public static class JsonSetup
{
    public static readonly JsonNamingPolicy NamingPolicy = JsonNamingPolicy.SnakeCaseLower;

    /// <summary>snake_case names, enums as snake_case strings, instants in UTC with Z.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = NamingPolicy;
        options.Converters.Add(new JsonStringEnumConverter(NamingPolicy, allowIntegerValues: false));
        options.Converters.Add(new UtcDateTimeOffsetConverter());
    }
}
