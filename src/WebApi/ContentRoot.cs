namespace TodoChat.WebApi;

/// <summary>Where configuration files are read from.</summary>
internal static class ContentRoot
{
    /// <summary>
    /// The directory given with <c>--contentRoot</c> or <c>ASPNETCORE_CONTENTROOT</c> /
    /// <c>DOTNET_CONTENTROOT</c> (null: the host reads those itself); otherwise the application's own
    /// directory, whatever the working directory is.
    /// </summary>
    public static string? Resolve(string[] args)
    {
        var given = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"));
        return given ? null : AppContext.BaseDirectory;
    }
}
