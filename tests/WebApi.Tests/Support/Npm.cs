namespace TodoChat.WebApi.Tests.Support;

/// <summary>npm, run in a package folder; a non-zero exit fails the test with everything it printed.</summary>
public static class Npm
{
    public static Task<string> RunAsync(string directory, TimeSpan timeout, params string[] arguments) =>
        RunAsync(directory, timeout, new Dictionary<string, string>(), arguments);

    public static async Task<string> RunAsync(string directory, TimeSpan timeout, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var result = await ChildProcess.RunAsync(
            "npm",
            arguments,
            directory,
            timeout,
            environment.ToDictionary(e => e.Key, e => (string?)e.Value),
            "npm was not found: Node.js and npm are needed for the TypeScript client ('dotnet pwsh ./build.ps1 test' installs them).");
        Assert.That(result.ExitCode, Is.Zero, $"npm {string.Join(' ', arguments)} failed:\n{result.Output}");
        return result.Output;
    }
}
