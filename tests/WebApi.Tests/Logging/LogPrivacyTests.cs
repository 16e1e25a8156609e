using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TodoChat.Application.Conversations.Commands.AppendMessage;
using TodoChat.Application.Conversations.Commands.CreateConversation;
using TodoChat.Domain.Conversations;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Logging;

/// <summary>Logs carry request types, ids and timings; task and chat text is user data and never appears.</summary>
public sealed class LogPrivacyTests : TestBase
{
    [Test]
    public async Task ShouldLogRequestTypesAndIdsButNeverTaskOrMessageText()
    {
        var sink = new LogSink();
        await using var app = new TodoChatApp(
            Testing.Database.ConnectionString,
            new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Trace",
                ["Logging:LogLevel:TodoChat"] = "Trace",
                ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Trace",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Trace",
            },
            services => services.AddSingleton<ILoggerProvider>(sink));
        const string secretTitle = "SECRET-TITLE-7f3a";
        const string secretText = "SECRET-MESSAGE-91bc";
        using var client = app.CreateHttpClient(Tokens.For("alice"));

        using var created = await client.PostJsonAsync("api/alice/tasks", new { title = secretTitle, description = secretTitle });
        var id = (int)(await created.ReadJsonAsync())["id"]!;
        (await client.PutJsonAsync($"api/alice/tasks/{id}", new { title = secretTitle + "2" })).EnsureSuccessStatusCode();
        (await client.PostJsonAsync("api/alice/tasks", new { title = new string('x', 501) + secretTitle })).Dispose();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var sender = scope.ServiceProvider.GetRequiredService<Mediator.ISender>();
            var conversation = await sender.Send(new CreateConversationCommand("alice", "chat"));
            await sender.Send(new AppendMessageCommand("alice", conversation.Id, MessageRole.User, secretText));
        }

        var lines = sink.Lines.ToList();
        Assert.That(lines, Is.Not.Empty);
        Assert.That(lines, Has.Some.Contains("CreateTaskCommand").And.Some.Contains("alice"), "request types and user ids are logged");
        Assert.That(lines, Has.None.Contains(secretTitle), "task text is never logged");
        Assert.That(lines, Has.None.Contains(secretText), "chat text is never logged");
    }
}
