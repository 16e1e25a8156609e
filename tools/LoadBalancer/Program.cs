using Yarp.ReverseProxy.Configuration;

// TodoChat.LoadBalancer --urls http://127.0.0.1:8080 --backends http://127.0.0.1:5001,http://127.0.0.1:5002
// Round robin over the API instances, each checked on /health/ready every 2 s (an instance that fails
// is left out until it answers again), and no affinity: the instances share nothing but the database.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var backends = (builder.Configuration["backends"] ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
if (backends.Length == 0)
{
    Console.Error.WriteLine("usage: TodoChat.LoadBalancer --urls <url> --backends <url>,<url>,...");
    return 2;
}

var cluster = new ClusterConfig
{
    ClusterId = "todochat",
    LoadBalancingPolicy = "RoundRobin",
    HealthCheck = new HealthCheckConfig
    {
        Active = new ActiveHealthCheckConfig { Enabled = true, Interval = TimeSpan.FromSeconds(2), Timeout = TimeSpan.FromSeconds(2), Policy = "ConsecutiveFailures", Path = "/health/ready" },
    },
    Destinations = backends.Select((url, i) => (Key: $"api{i + 1}", Value: new DestinationConfig { Address = url })).ToDictionary(d => d.Key, d => d.Value),
};
var route = new RouteConfig { RouteId = "all", ClusterId = "todochat", Match = new RouteMatch { Path = "{**path}" } };
builder.Services.AddReverseProxy().LoadFromMemory([route], [cluster]);

var app = builder.Build();
app.MapReverseProxy();
await app.RunAsync();
return 0;
