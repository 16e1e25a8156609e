using System.Diagnostics;
using System.Globalization;
using TodoChat.Infrastructure.Seeding;

namespace TodoChat.WebApi;

/// <summary><c>TodoChat.WebApi seed --user &lt;id&gt; --messages &lt;n&gt;</c>: one seeded conversation; prints its id.</summary>
internal static class SeedCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        string? user = null;
        var messages = -1;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--user":
                    user = args[i + 1];
                    break;
                case "--messages" when int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n):
                    messages = n;
                    break;
            }
        }

        if (string.IsNullOrWhiteSpace(user) || messages < 0)
        {
            await Console.Error.WriteLineAsync("usage: seed --user <user_id> --messages <count of 0 or more>");
            return 2;
        }

        var started = Stopwatch.GetTimestamp();
        await using var scope = services.CreateAsyncScope();
        var id = await scope.ServiceProvider.GetRequiredService<ConversationSeeder>().SeedAsync(user, messages);
        await Console.Error.WriteLineAsync(
            string.Create(CultureInfo.InvariantCulture, $"Seeded {messages:N0} messages for user '{user}' in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s."));
        Console.WriteLine(id);
        return 0;
    }
}
