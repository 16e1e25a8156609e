namespace TodoChat.WebApi.Tests.Support;

/// <summary>Tests whose agent is a scripted OpenAI-compatible server, started fresh for each test.</summary>
public abstract class ScriptedModelTestBase : TestBase
{
    protected ScriptedOpenAiServer Model { get; private set; } = null!;

    [SetUp]
    public async Task StartModelAsync() => Model = await ScriptedOpenAiServer.StartAsync();

    [TearDown]
    public async Task StopModelAsync() => await Model.DisposeAsync();
}
