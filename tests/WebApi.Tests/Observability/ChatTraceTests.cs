using System.Diagnostics;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Observability;

/// <summary>One chat turn is one trace: request, use case, SQL, model calls and tool calls.</summary>
public sealed class ChatTraceTests : TestBase
{
    [Test]
    public async Task ShouldTraceAChatTurnFromRequestToUseCaseToSqlAndModelAndTools()
    {
        var spans = new SpanCollector();
        await using var app = new TodoChatApp(Testing.Database.ConnectionString, SpanCollector.Settings, spans.AddTo);
        using var client = app.CreateHttpClient(Tokens.For("alice"));

        using var response = await client.PostJsonAsync("api/alice/chat", new { conversation_id = (Guid?)null, message = "add milk" });
        response.EnsureSuccessStatusCode();
        var trace = await spans.FirstTraceAsync();

        // The builtin agent answers in two model calls: one that asks for add_task, one that reports it.
        // The tool reads on its own (the account's size, a reserved id); the turn takes its sync stamp (ADR-015), then its
        // writes are one batch at the end.
        Assert.That(SpanCollector.Tree(trace), Is.EqualTo(
            """
            Microsoft.AspNetCore: POST api/{user_id}/chat
              TodoChat: SendChatMessageCommand
                Npgsql: postgresql
                TodoChat.Ai: orchestrate_tools
                  TodoChat.Ai: chat todochat-builtin
                  TodoChat.Ai: execute_tool add_task
                    Npgsql: postgresql
                    Npgsql: postgresql
                  TodoChat.Ai: chat todochat-builtin
                Npgsql: postgresql
                Npgsql: postgresql

            """.Replace("\r\n", "\n", StringComparison.Ordinal)));
        var model = trace.First(s => s.DisplayName == "chat todochat-builtin");
        Assert.That(model.GetTagItem("gen_ai.operation.name"), Is.EqualTo("chat"), "model calls follow the gen_ai conventions");
        Assert.That(trace.Where(s => s.Source.Name == "Npgsql").Select(s => s.GetTagItem("db.system.name")), Has.All.EqualTo("postgresql"));
    }
}
