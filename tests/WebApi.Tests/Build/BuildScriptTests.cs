using System.Text.Json;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Build;

/// <summary>build.ps1 as people run it: development tokens live at most 7 days, and secrets are never readable by others.</summary>
[NonParallelizable]
public sealed class BuildScriptTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Test]
    public async Task ShouldIssueATokenOfSevenDaysAtMost()
    {
        var environment = new Dictionary<string, string?> { ["Auth__JwtSecret"] = TestSecrets.JwtSecret };

        var week = await BuildAsync(Path.Combine(Repository.Root, "build.ps1"), environment, "token", "alice", "-Hours", "168");
        var longer = await BuildAsync(Path.Combine(Repository.Root, "build.ps1"), environment, "token", "alice", "-Hours", "169");
        var huge = await BuildAsync(Path.Combine(Repository.Root, "build.ps1"), environment, "token", "alice", "-Hours", "9999999999");

        Assert.That(week.ExitCode, Is.Zero, week.Output);
        var claims = JsonDocument.Parse(Base64Url(week.Output.Trim().Split('.')[1])).RootElement;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64(), Is.EqualTo(7 * 24 * 3600));
            Assert.That(longer.ExitCode, Is.EqualTo(2), longer.Output);
            Assert.That(longer.Output, Does.Contain("168"));
            Assert.That(huge.ExitCode, Is.EqualTo(2), huge.Output);
        }
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task ShouldCreateTheSecretOwnerOnlyWithoutRelyingOnALaterChmod()
    {
        Assume.That(!OperatingSystem.IsWindows(), "file modes are a Unix matter");
        var sandbox = Directory.CreateTempSubdirectory("todochat-build-");
        try
        {
            // A copy of the script and its modules (eng/), so its .data is the sandbox's; and a chmod
            // that does nothing, so only the way the file is created decides who may read it.
            // The token tool comes along with what builds it (its project, the shared build settings).
            var script = Path.Combine(sandbox.FullName, "build.ps1");
            File.Copy(Path.Combine(Repository.Root, "build.ps1"), script);
            var modules = Directory.CreateDirectory(Path.Combine(sandbox.FullName, "eng"));
            foreach (var file in Directory.GetFiles(Path.Combine(Repository.Root, "eng"), "*.psm1"))
            {
                File.Copy(file, Path.Combine(modules.FullName, Path.GetFileName(file)));
            }

            foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", ".editorconfig" })
            {
                File.Copy(Path.Combine(Repository.Root, file), Path.Combine(sandbox.FullName, file));
            }

            var tool = Directory.CreateDirectory(Path.Combine(sandbox.FullName, "tools", "Token"));
            foreach (var file in Directory.GetFiles(Path.Combine(Repository.Root, "tools", "Token"), "*.cs*"))
            {
                File.Copy(file, Path.Combine(tool.FullName, Path.GetFileName(file)));
            }

            var stubs = Directory.CreateDirectory(Path.Combine(sandbox.FullName, "stubs"));
            var chmod = Path.Combine(stubs.FullName, "chmod");
            await File.WriteAllTextAsync(chmod, "#!/bin/sh\nexit 0\n");
            File.SetUnixFileMode(chmod, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var environment = new Dictionary<string, string?>
            {
                ["Auth__JwtSecret"] = null,
                ["BETTER_AUTH_SECRET"] = null,
                ["PATH"] = stubs.FullName + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
            };

            var result = await BuildAsync(script, environment, "token", "alice");

            Assert.That(result.ExitCode, Is.Zero, result.Output);
            var secret = Path.Combine(sandbox.FullName, ".data", "jwt-secret");
            Assert.That(File.GetUnixFileMode(secret), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            Assert.That(Directory.GetFiles(Path.Combine(sandbox.FullName, ".data")), Is.EqualTo(new[] { secret }), "no temporary file left behind");
            Assert.That(result.Output.Trim().Split('.'), Has.Length.EqualTo(3), "and the token was printed");
        }
        finally
        {
            sandbox.Delete(recursive: true);
        }
    }

    /// <summary>dotnet pwsh on the script, from the checkout (where the tool manifest is), with a umask of 022 as most machines have.</summary>
    private static Task<ChildProcess.Result> BuildAsync(string script, IReadOnlyDictionary<string, string?> environment, params string[] arguments) =>
        ChildProcess.RunAsync(
            "/bin/sh",
            ["-c", "umask 022 && exec dotnet pwsh -NoProfile -NonInteractive -File \"$@\"", "sh", script, .. arguments],
            Repository.Root,
            Timeout,
            environment);

    private static byte[] Base64Url(string text) =>
        Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/').PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '='));
}
