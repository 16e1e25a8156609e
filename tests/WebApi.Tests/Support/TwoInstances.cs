namespace TodoChat.WebApi.Tests.Support;

/// <summary>
/// Tests that need a second instance of the service on the same database, as behind a load balancer:
/// <see cref="Testing.App"/> is instance A, <see cref="B"/> the other.
/// </summary>
public abstract class TwoInstancesTestBase : TestBase
{
    private TodoChatApp? _b;

    protected TodoChatApp B => _b ?? throw new InvalidOperationException("The second instance is not started.");

    [OneTimeSetUp]
    public void StartSecondInstance() => _b = new TodoChatApp(Testing.Database.ConnectionString);

    [OneTimeTearDown]
    public async Task StopSecondInstanceAsync()
    {
        if (_b is not null)
        {
            await _b.DisposeAsync();
        }
    }
}
