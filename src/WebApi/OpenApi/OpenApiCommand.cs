using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TodoChat.WebApi.OpenApi;

/// <summary>
/// <c>TodoChat.WebApi openapi &lt;path&gt;</c>: writes the OpenAPI document the code publishes at
/// <c>/openapi/v1.json</c> to the file, without a database or a server (<c>build.ps1 openapi</c>).
/// </summary>
internal static class OpenApiCommand
{
    public const string DocumentName = "v1";

    /// <summary>How the checked-in file is written: indented, with non-ASCII text as it is, and a final newline.</summary>
    public static readonly JsonSerializerOptions FileFormat = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        if (args is not [var path])
        {
            await Console.Error.WriteLineAsync("usage: TodoChat.WebApi openapi <path>");
            return 2;
        }

        var document = await services.GetRequiredKeyedService<IOpenApiDocumentProvider>(DocumentName).GetOpenApiDocumentAsync();
        using var json = new MemoryStream();
        await document.SerializeAsJsonAsync(json, OpenApiSpecVersion.OpenApi3_1);
        var node = JsonNode.Parse(json.ToArray())!;

        // The servers list names whoever asked; it is not part of the contract.
        node.AsObject().Remove("servers");
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllTextAsync(full, node.ToJsonString(FileFormat) + "\n");
        await Console.Out.WriteLineAsync($"Wrote {full}.");
        return 0;
    }
}
