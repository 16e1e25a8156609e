using System.Diagnostics;
using System.Globalization;
using TodoChat.Infrastructure.Seeding;

namespace TodoChat.WebApi;

/// <summary>
/// <c>TodoChat.WebApi seed --user &lt;id&gt; --messages &lt;n&gt; [--count &lt;c&gt;]</c>: c seeded conversations
/// (one by default); prints their ids, one a line.
/// </summary>
internal static class SeedCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        string? user = null;
        var messages = -1;
        var count = 1;
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
                case "--count" when int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var c) && c >= 1:
                    count = c;
                    break;
            }
        }

        if (string.IsNullOrWhiteSpace(user) || messages < 0)
        {
            await Console.Error.WriteLineAsync("usage: seed --user <user_id> --messages <count of 0 or more> [--count <conversations>]");
            return 2;
        }

        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            await using var scope = services.CreateAsyncScope();
            var id = await scope.ServiceProvider.GetRequiredService<ConversationSeeder>().SeedAsync(user, messages);
            Console.WriteLine(id);
        }

        await Console.Error.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"Seeded {count:N0} conversation(s) of {messages:N0} messages for user '{user}' in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s."));
        return 0;
    }
}
