using System.Diagnostics;
using System.Text;

namespace TodoChat.WebApi.Tests.Support;

/// <summary>A program run to its end, with what it printed (standard output and error, interleaved) and its exit code.</summary>
public static class ChildProcess
{
    public sealed record Result(int ExitCode, string Output);

    /// <summary>Fails the test, saying <paramref name="whenMissing"/>, when the program is missing; and when it does not finish within <paramref name="timeout"/>.</summary>
    public static async Task<Result> RunAsync(
        string file,
        IReadOnlyList<string> arguments,
        string directory,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string?> environment,
        string? whenMissing = null)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        start.Environment["NO_COLOR"] = "1";
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Fail(whenMissing ?? $"{file} was not found.");
            throw;
        }

        using (process)
        {
            var output = new StringBuilder();
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var cancel = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{file} {string.Join(' ', arguments)} did not finish within {timeout}:\n{output}");
            }

            process.WaitForExit();
            return new Result(process.ExitCode, output.ToString());
        }
    }
}
