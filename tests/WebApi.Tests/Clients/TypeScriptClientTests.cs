using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Clients;

/// <summary>
/// The TypeScript client (clients/typescript) and its own tests, run by Node against this service:
/// chat, cursor paging, a 304 revalidation and a typed problem. Its generated types must be what
/// openapi-typescript makes of the checked-in document.
/// </summary>
public sealed class TypeScriptClientTests : TestBase
{
    private static readonly string Package = Path.Combine(Repository.Root, "clients", "typescript");

    [OneTimeSetUp]
    public static async Task InstallPackagesAsync()
    {
        if (!Directory.Exists(Path.Combine(Package, "node_modules")))
        {
            await Npm.RunAsync(Package, TimeSpan.FromMinutes(5), "ci", "--no-audit", "--no-fund");
        }
    }

    [Test]
    public async Task ShouldHaveTypesGeneratedFromTheCheckedInDocument()
    {
        var fresh = Path.Combine(Path.GetTempPath(), $"todochat-schema-{Guid.NewGuid():N}.ts");
        try
        {
            await Npm.RunAsync(Package, TimeSpan.FromMinutes(1), "exec", "--", "openapi-typescript", "../../openapi/todochat.v1.json", "--output", fresh);

            Assert.That(
                await File.ReadAllTextAsync(Path.Combine(Package, "src", "schema.ts")),
                Is.EqualTo(await File.ReadAllTextAsync(fresh)),
                "clients/typescript/src/schema.ts is older than openapi/todochat.v1.json: run 'dotnet pwsh ./build.ps1 clients' and commit it.");
        }
        finally
        {
            File.Delete(fresh);
        }
    }

    [Test]
    public async Task ShouldHaveTheChatPageBuiltFromTheCurrentSources()
    {
        var fresh = Path.Combine(Path.GetTempPath(), $"todochat-chat-{Guid.NewGuid():N}.js");
        try
        {
            // The same build as 'npm run build:page', written elsewhere (esbuild takes the last --outfile).
            await Npm.RunAsync(Package, TimeSpan.FromMinutes(1), "run", "build:page", "--", $"--outfile={fresh}");

            Assert.That(
                await File.ReadAllTextAsync(Path.Combine(Repository.Root, "src", "WebApi", "ChatPage", "chat.js")),
                Is.EqualTo(await File.ReadAllTextAsync(fresh)),
                "src/WebApi/ChatPage/chat.js is older than clients/typescript: run 'npm run build:page' there and commit it.");
        }
        finally
        {
            File.Delete(fresh);
        }
    }

    [Test]
    public async Task ShouldPassItsOwnTestsAgainstTheRunningService()
    {
        const string user = "frontend-alice";
        var environment = new Dictionary<string, string>
        {
            ["TODOCHAT_URL"] = Testing.App.BaseAddress.ToString(),
            ["TODOCHAT_USER"] = user,
            ["TODOCHAT_TOKEN"] = Tokens.For(user),
        };

        var output = await Npm.RunAsync(Package, TimeSpan.FromMinutes(2), environment, "test");

        Assert.That(output, Does.Contain("# pass 6").And.Contain("# fail 0"));
    }
}
