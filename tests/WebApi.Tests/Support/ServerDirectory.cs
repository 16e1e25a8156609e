namespace TodoChat.WebApi.Tests.Support;

/// <summary>
/// A throwaway directory under /var/tmp for a server the tests start themselves (PgBouncer, a
/// PostgreSQL cluster), and how its programs are run: as the <c>postgres</c> user when the tests run
/// as root, since initdb, pg_ctl and PgBouncer refuse root.
/// </summary>
public sealed class ServerDirectory
{
    private ServerDirectory(string path) => FullPath = path;

    public string FullPath { get; }

    /// <summary>Whether the server's programs run as <c>postgres</c>: when the tests run as root.</summary>
    public static bool AsPostgres => Environment.UserName == "root";

    /// <summary>A new, empty <c>/var/tmp/todochat-{name}-{random}</c>.</summary>
    public static ServerDirectory Create(string name)
    {
        var path = Path.Combine("/var/tmp", $"todochat-{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return new ServerDirectory(path);
    }

    /// <summary>The program and arguments that run <paramref name="file"/> as the server's user.</summary>
    public static (string File, IReadOnlyList<string> Arguments) Command(string file, IReadOnlyList<string> arguments) =>
        AsPostgres ? ("runuser", ["-u", "postgres", "--", file, .. arguments]) : (file, arguments);

    /// <summary>Gives the directory and what is in it to <c>postgres</c> (as root only), so the server can write there.</summary>
    public async Task GiveToServerAsync()
    {
        if (AsPostgres)
        {
            var chown = await ChildProcess.RunAsync("chown", ["-R", "postgres:postgres", FullPath], FullPath, TimeSpan.FromSeconds(10), new Dictionary<string, string?>());
            if (chown.ExitCode != 0)
            {
                Assert.Fail($"chown -R postgres:postgres {FullPath} failed ({chown.ExitCode}):\n{chown.Output}");
            }
        }
    }

    /// <summary>Removes the directory; what a stopped server still holds open is left to the system.</summary>
    public void Delete()
    {
        try
        {
            Directory.Delete(FullPath, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
