using TodoChat.Application;
using TodoChat.Application.Common.Exceptions;
using TodoChat.Infrastructure;
using TodoChat.Infrastructure.Ai;
using TodoChat.WebApi;

try
{
    // Configuration files sit next to the binaries; started from elsewhere (the repository root, where
    // the local database lives), the default content root would miss them and watch that tree instead.
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions
    {
        Args = args,
        ContentRootPath = ContentRoot.Resolve(args),
    });

    builder.Services.AddApplication();
    builder.Services.AddInfrastructure(builder.Configuration);
    builder.Services.AddAgent(builder.Configuration);
    builder.AddWebApi();

    var app = builder.Build();
    app.UseWebApi();
    if (args is ["openapi", ..])
    {
        return await TodoChat.WebApi.OpenApi.OpenApiCommand.RunAsync(app.Services, args[1..]);
    }

    await app.PrepareAsync();

    if (args is ["seed", ..])
    {
        return await SeedCommand.RunAsync(app.Services, args[1..]);
    }

    await app.RunAsync();
    return 0;
}
catch (StartupException ex)
{
    // A configuration problem is one sentence for the operator, not a stack trace.
    await Console.Error.WriteLineAsync($"TodoChat cannot start: {ex.Message}");
    return 1;
}

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
