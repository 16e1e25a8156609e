using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace TodoChat.WebApi.Tests.Support;

/// <summary>
/// The real service on Kestrel, on a free loopback port: requests go through real sockets, the real
/// pipeline and a real PostgreSQL. Settings are the service's own, plus what a test overrides.
/// </summary>
public sealed class TodoChatApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    public TodoChatApp(string connectionString, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        _services = services;
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:TodoChat"] = connectionString,
            ["Auth:JwtSecret"] = TestSecrets.JwtSecret,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:TodoChat"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Warning",

            // Tests send many turns and writes as one user; the limits have tests of their own.
            ["Api:ChatTurnsPerMinute"] = "0",
            ["Api:WritesPerMinute"] = "0",
            ["Chat:MaxConcurrentTurnsPerUser"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        UseKestrel(0);
        StartServer();
    }

    /// <summary>Where the service listens, e.g. http://127.0.0.1:43121/.</summary>
    public Uri BaseAddress
    {
        get
        {
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal) + "/");
        }
    }

    /// <summary>A plain HTTP client on the service's socket, with no token.</summary>
    public HttpClient CreateHttpClient(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseUrls("http://127.0.0.1:0");
        if (_services is not null)
        {
            builder.ConfigureServices(_services);
        }
    }
}
