namespace TodoChat.WebApi.Tests.Support;

public static class TestSecrets
{
    /// <summary>The JWT secret the service under test is configured with.</summary>
    public const string JwtSecret = "test-secret-for-todochat-tests-0123456789-abcdefghij-long-enough-for-hs512";
}
