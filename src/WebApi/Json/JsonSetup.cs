using System.Text.Json;
using System.Text.Json.Serialization;

namespace TodoChat.WebApi.Json;

public static class JsonSetup
{
    public static readonly JsonNamingPolicy NamingPolicy = JsonNamingPolicy.SnakeCaseLower;

    /// <summary>snake_case names, numbers as numbers only, enums as snake_case strings, instants in UTC with Z.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = NamingPolicy;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Add(new JsonStringEnumConverter(NamingPolicy, allowIntegerValues: false));
        options.Converters.Add(new UtcDateTimeOffsetConverter());
    }
}
