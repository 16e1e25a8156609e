using System.Text.Json.Nodes;

namespace TodoChat.WebApi.Tests.Support;

/// <summary>One operation of the OpenAPI document: where it is, its parameters, and its JSON body's schema.</summary>
public sealed record ApiOperation(string Id, HttpMethod Method, string Path, IReadOnlyList<ApiParameter> Parameters, JsonObject? Body, bool BodyRequired)
{
    public override string ToString() => $"{Method} {Path} ({Id})";
}

/// <summary>A parameter: its name, where it goes (path, query, header), and its schema.</summary>
public sealed record ApiParameter(string Name, string In, bool Required, JsonObject Schema)
{
    public IReadOnlyCollection<string> Types => OpenApiOperations.Types(Schema);
}

/// <summary>The operations of the checked-in document (openapi/todochat.v1.json), with every schema reference resolved.</summary>
public static class OpenApiOperations
{
    public static IReadOnlyList<ApiOperation> Load()
    {
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "openapi", "todochat.v1.json")))!.AsObject();
        var operations = new List<ApiOperation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, node) in item!.AsObject())
            {
                var operation = node!.AsObject();
                var parameters = (operation["parameters"]?.AsArray() ?? [])
                    .Select(p => new ApiParameter((string)p!["name"]!, (string)p["in"]!, (bool?)p["required"] ?? false, Resolve(p["schema"], document)))
                    .ToList();
                var body = operation["requestBody"]?["content"]?["application/json"]?["schema"];
                operations.Add(new ApiOperation(
                    (string)operation["operationId"]!,
                    new HttpMethod(method.ToUpperInvariant()),
                    path,
                    parameters,
                    body is null ? null : Resolve(body, document),
                    (bool?)operation["requestBody"]?["required"] ?? false));
            }
        }

        return operations;
    }

    /// <summary>The schema's type names: <c>"string"</c>, or <c>["null", "string"]</c> as a set.</summary>
    public static IReadOnlyCollection<string> Types(JsonObject schema) =>
        schema["type"] switch
        {
            JsonArray types => types.Select(t => (string)t!).ToHashSet(),
            JsonValue type => [(string)type!],
            _ => [],
        };

    /// <summary>The schema with <c>$ref</c> followed and <c>oneOf [null, X]</c> read as X.</summary>
    private static JsonObject Resolve(JsonNode? schema, JsonObject document)
    {
        if (schema is null)
        {
            return [];
        }

        if (schema["$ref"] is JsonValue reference)
        {
            var name = ((string)reference!).Split('/')[^1];
            return Resolve(document["components"]!["schemas"]![name], document);
        }

        if (schema["oneOf"] is JsonArray choices)
        {
            return Resolve(choices.First(c => c!["type"] is not JsonValue t || (string?)t != "null"), document);
        }

        var resolved = schema.DeepClone().AsObject();
        if (resolved["properties"] is JsonObject properties)
        {
            foreach (var name in properties.Select(p => p.Key).ToList())
            {
                properties[name] = Resolve(properties[name], document);
            }
        }

        return resolved;
    }
}
