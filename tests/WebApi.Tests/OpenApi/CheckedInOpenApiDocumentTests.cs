using System.Text.Json.Nodes;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.OpenApi;

/// <summary>
/// openapi/todochat.v1.json is what the running code publishes, so generated clients can be built
/// from the repository alone. It can never go stale: this test fails when they differ, and only
/// passes when they do not. <c>dotnet pwsh ./build.ps1 openapi</c> (the service's <c>openapi</c>
/// command) rewrites the file from the code.
/// </summary>
public sealed class CheckedInOpenApiDocumentTests : TestBase
{
    [Test]
    public async Task ShouldMatchTheDocumentTheServicePublishes()
    {
        using var client = AnonymousClient();
        using var response = await client.GetAsync("openapi/v1.json");
        var published = await response.ReadJsonAsync();

        // The servers list names the address of whoever asked; it is not part of the contract.
        published.AsObject().Remove("servers");
        var path = Path.Combine(Repository.Root, "openapi", "todochat.v1.json");

        Assert.That(File.Exists(path), Is.True, $"{path} is missing: run 'dotnet pwsh ./build.ps1 openapi'.");
        var checkedIn = await File.ReadAllTextAsync(path);
        Assert.That(
            JsonNode.DeepEquals(JsonNode.Parse(checkedIn), published),
            Is.True,
            "openapi/todochat.v1.json differs from what the code publishes: run 'dotnet pwsh ./build.ps1 openapi' and commit the file.");
    }
}
