using Npgsql;

namespace TodoChat.WebApi.Tests.Support;

/// <summary>
/// A real PostgreSQL primary and a streaming standby made from it with <c>pg_basebackup -R</c>, on
/// private loopback ports in a throwaway directory: for the replica and failover tests. Run as the
/// <c>postgres</c> user when the tests run as root (initdb refuses root). Trust on loopback only: the
/// clusters live as long as a test fixture and hold nothing but test data.
/// </summary>
public sealed class ReplicatedPostgres : IAsyncDisposable
{
    public const string User = "todochat";
    public const string DatabaseName = "todochat";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _bin;
    private readonly ServerDirectory _root;

    private ReplicatedPostgres(string bin, ServerDirectory root, int primaryPort, int standbyPort)
    {
        _bin = bin;
        _root = root;
        PrimaryPort = primaryPort;
        StandbyPort = standbyPort;
    }

    public int PrimaryPort { get; }

    public int StandbyPort { get; }

    public string PrimaryDir => Path.Combine(_root.FullPath, "primary");

    public string StandbyDir => Path.Combine(_root.FullPath, "standby");

    public string PrimaryConnectionString => ConnectionString(PrimaryPort);

    public string StandbyConnectionString => ConnectionString(StandbyPort);

    public static string ConnectionString(int port, int timeoutSeconds = 2) =>
        $"Host=127.0.0.1;Port={port};Database={DatabaseName};Username={User};Timeout={timeoutSeconds}";

    public static async Task<ReplicatedPostgres> StartAsync()
    {
        var bin = FindBin();
        var root = ServerDirectory.Create("replicas");
        var cluster = new ReplicatedPostgres(bin, root, LoopbackPorts.Free(), LoopbackPorts.Free());
        try
        {
            await root.GiveToServerAsync();
            await cluster.PgAsync("initdb", ["-D", cluster.PrimaryDir, "-U", User, "--auth=trust", "-E", "UTF8", "--locale=C"]);
            await cluster.AppendConfigAsync(cluster.PrimaryDir, [
                "listen_addresses = '127.0.0.1'",
                "unix_socket_directories = ''",
                "fsync = off",
                "full_page_writes = off",
                "wal_level = replica",
                "max_wal_senders = 5",
                "hot_standby = on",
            ]);
            await cluster.StartAsync(cluster.PrimaryDir, cluster.PrimaryPort);
            await using (var admin = new NpgsqlConnection($"Host=127.0.0.1;Port={cluster.PrimaryPort};Database=postgres;Username={User}"))
            {
                await admin.OpenAsync();
                await new NpgsqlCommand($"CREATE DATABASE {DatabaseName}", admin).ExecuteNonQueryAsync();
            }

            // The standby: a copy of the primary that streams its WAL (-R writes the standby settings).
            await cluster.PgAsync("pg_basebackup", ["-h", "127.0.0.1", "-p", $"{cluster.PrimaryPort}", "-U", User, "-D", cluster.StandbyDir, "-R", "-X", "stream", "-c", "fast"]);
            await cluster.StartAsync(cluster.StandbyDir, cluster.StandbyPort);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Completes when the standby has replayed everything the primary has written so far (a condition polled with a deadline: replay has no signal).</summary>
    public async Task CaughtUpAsync()
    {
        var target = await ScalarAsync<string>(PrimaryConnectionString, "SELECT pg_current_wal_lsn()::text");
        var deadline = DateTime.UtcNow + Patience;
        while (!await ScalarAsync<bool>(StandbyConnectionString, $"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn"))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"The standby did not replay up to {target} within {Patience}.");
            }

            await Task.Delay(20);
        }
    }

    public Task PauseReplayAsync() => ScalarAsync<object>(StandbyConnectionString, "SELECT pg_wal_replay_pause()");

    public Task ResumeReplayAsync() => ScalarAsync<object>(StandbyConnectionString, "SELECT pg_wal_replay_resume()");

    public Task StopStandbyAsync() => PgAsync("pg_ctl", ["stop", "-D", StandbyDir, "-m", "immediate", "-w"]);

    public Task StartStandbyAsync() => StartAsync(StandbyDir, StandbyPort);

    public Task StopPrimaryAsync() => PgAsync("pg_ctl", ["stop", "-D", PrimaryDir, "-m", "immediate", "-w"]);

    /// <summary>Promotes the standby and waits until it accepts writes.</summary>
    public Task PromoteStandbyAsync() => PgAsync("pg_ctl", ["promote", "-D", StandbyDir, "-w", "-t", "60"]);

    public async ValueTask DisposeAsync()
    {
        foreach (var dir in new[] { StandbyDir, PrimaryDir })
        {
            if (File.Exists(Path.Combine(dir, "postmaster.pid")))
            {
                await PgAsync("pg_ctl", ["stop", "-D", dir, "-m", "immediate", "-w"], check: false);
            }
        }

        NpgsqlConnection.ClearAllPools();
        _root.Delete();
    }

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static string FindBin()
    {
        var versions = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Where(d => File.Exists(Path.Combine(d, "bin", "pg_basebackup"))).OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).ToList()
            : [];
        if (versions.Count == 0)
        {
            Assert.Fail("PostgreSQL's server binaries (initdb, pg_ctl, pg_basebackup) were not found under /usr/lib/postgresql: 'build.ps1 test' installs them.");
        }

        return Path.Combine(versions[0], "bin");
    }

    private Task StartAsync(string dir, int port) =>
        PgAsync("pg_ctl", ["start", "-D", dir, "-w", "-t", "60", "-l", Path.Combine(dir, "server.log"), "-o", $"-p {port}"]);

    private async Task AppendConfigAsync(string dir, IReadOnlyList<string> lines)
    {
        var conf = Path.Combine(dir, "postgresql.conf");
        await File.AppendAllLinesAsync(conf, ["", "# TodoChat replica tests", .. lines]);
    }

    /// <summary>Runs one of PostgreSQL's programs, as the server's user.</summary>
    private async Task PgAsync(string tool, IReadOnlyList<string> arguments, bool check = true)
    {
        var file = Path.Combine(_bin, tool);
        var (program, all) = ServerDirectory.Command(file, arguments);
        var result = await ChildProcess.RunAsync(program, all, _root.FullPath, Patience, new Dictionary<string, string?>());
        if (check && result.ExitCode != 0)
        {
            Assert.Fail($"{file} {string.Join(' ', arguments)} failed ({result.ExitCode}):\n{result.Output}");
        }
    }
}
