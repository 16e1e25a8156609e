using System.Globalization;
using TodoChat.Token;

// TodoChat.Token [--hours N] <user_id> [<user_id> ...]: one token per user, a line each, signed with
// Auth__JwtSecret (or BETTER_AUTH_SECRET), with Auth__Issuer and Auth__Audience when set.
var hours = 12L;
var users = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--hours" && i + 1 < args.Length && long.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var h))
    {
        hours = h;
        i++;
    }
    else
    {
        users.Add(args[i]);
    }
}

var secret = Environment.GetEnvironmentVariable("Auth__JwtSecret") is { Length: > 0 } s ? s : Environment.GetEnvironmentVariable("BETTER_AUTH_SECRET");
if (users.Count == 0 || string.IsNullOrEmpty(secret))
{
    Console.Error.WriteLine("usage: Auth__JwtSecret=<secret> TodoChat.Token [--hours 1..168] <user_id> [<user_id> ...]");
    return 2;
}

if (hours < 1 || hours > DevelopmentTokens.MaxLifetime.TotalHours)
{
    Console.Error.WriteLine($"--hours must be from 1 to {DevelopmentTokens.MaxLifetime.TotalHours} (7 days), not {hours}.");
    return 2;
}

var issuer = Environment.GetEnvironmentVariable("Auth__Issuer");
var audience = Environment.GetEnvironmentVariable("Auth__Audience");
foreach (var user in users)
{
    Console.WriteLine(DevelopmentTokens.Mint(secret, user, TimeSpan.FromHours(hours), string.IsNullOrEmpty(issuer) ? null : issuer, string.IsNullOrEmpty(audience) ? null : audience));
}

return 0;
