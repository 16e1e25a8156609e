using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace TodoChat.WebApi.Tests.Support;

/// <summary>
/// A real PgBouncer (Debian's) in transaction mode in front of a database, on a private loopback port:
/// each transaction gets whichever server connection is free. Run as the <c>postgres</c> user when the
/// tests run as root (PgBouncer refuses root). Clients are trusted on loopback; PgBouncer logs in to
/// PostgreSQL with the database's own credentials.
/// </summary>
public sealed class PgBouncer : IAsyncDisposable
{
    public const string DatabaseAlias = "todochat_bounced";

    private readonly Process _process;
    private readonly ServerDirectory _dir;

    private PgBouncer(Process process, ServerDirectory dir, int port, string user)
    {
        _process = process;
        _dir = dir;
        Port = port;
        User = user;
    }

    public int Port { get; }

    public string User { get; }

    /// <summary>Through PgBouncer: no password (trusted on loopback), PgBouncer's own pool behind it.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Database={DatabaseAlias};Username={User};Timeout=5";

    public static async Task<PgBouncer> StartAsync(string serverConnectionString, int serverConnections = 5)
    {
        var binary = new[] { "/usr/sbin/pgbouncer", "/usr/bin/pgbouncer" }.FirstOrDefault(File.Exists);
        if (binary is null)
        {
            Assert.Fail("PgBouncer is not installed: 'build.ps1 test' installs Debian's pgbouncer package.");
        }

        var server = new NpgsqlConnectionStringBuilder(serverConnectionString);
        var dir = ServerDirectory.Create("pgbouncer");
        var port = LoopbackPorts.Free();
        var ini = Path.Combine(dir.FullPath, "pgbouncer.ini");
        var log = Path.Combine(dir.FullPath, "pgbouncer.log");
        await File.WriteAllLinesAsync(ini, [
            "[databases]",
            $"{DatabaseAlias} = host={server.Host} port={server.Port} dbname={server.Database} user={server.Username} password={server.Password}",
            "[pgbouncer]",
            "listen_addr = 127.0.0.1",
            $"listen_port = {port}",
            "unix_socket_dir =",
            "auth_type = trust",
            $"auth_file = {Path.Combine(dir.FullPath, "users.txt")}",
            "pool_mode = transaction",
            $"default_pool_size = {serverConnections}",
            "max_client_conn = 500",
            "ignore_startup_parameters = extra_float_digits,options",
            $"logfile = {log}",
        ]);
        await File.WriteAllTextAsync(Path.Combine(dir.FullPath, "users.txt"), $"\"{server.Username}\" \"\"\n");
        await dir.GiveToServerAsync();

        var (file, arguments) = ServerDirectory.Command(binary!, [ini]);
        var process = Process.Start(new ProcessStartInfo(file, arguments) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true })!;
        var bouncer = new PgBouncer(process, dir, port, server.Username!);

        // Ready when it accepts connections: a condition with a deadline, not a fixed wait.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (process.HasExited)
            {
                var logged = File.Exists(log) ? await File.ReadAllTextAsync(log) : string.Empty;
                await bouncer.DisposeAsync();
                Assert.Fail($"PgBouncer exited ({process.ExitCode}): {await process.StandardError.ReadToEndAsync()}\n{logged}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return bouncer;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _dir.Delete();
    }
}
