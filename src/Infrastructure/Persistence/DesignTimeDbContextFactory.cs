using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace TodoChat.Infrastructure.Persistence;

/// <summary>
/// For the dotnet-ef tool: <c>migrations add</c> needs no database; <c>database update</c> (build.ps1 migrate)
/// uses <c>ConnectionStrings__TodoChat</c>.
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<TodoChatDbContext>
{
    public TodoChatDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<TodoChatDbContext>();
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__TodoChat");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = "Host=localhost;Database=todochat_design";
        }

        DependencyInjection.ConfigureDbContext(options, connectionString, commandTimeoutSeconds: 300, brokenConnectionRetries: 0);
        return new TodoChatDbContext(options.Options);
    }
}
