namespace TodoChat.WebApi.Tests.Support;

/// <summary>The checkout the tests run from.</summary>
public static class Repository
{
    /// <summary>The directory holding TodoChat.sln, found above the test's binaries.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TodoChat.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("TodoChat.sln not found above the test's directory.");
    }
}
