using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TodoChat.Application.Conversations.Commands.AppendMessage;
using TodoChat.Application.Conversations.Commands.CreateConversation;
using TodoChat.Domain.Conversations;
using TodoChat.Infrastructure.Seeding;

namespace TodoChat.WebApi.Tests.Support;

/// <summary>Conversations for tests, made through the service's own use cases and seeder.</summary>
public static class Conversations
{
    /// <summary>n messages, alternating roles, one second apart (the bulk seeder, as build.ps1 seed uses).</summary>
    public static async Task<Guid> SeedAsync(string userId, int messages)
    {
        await using var scope = Testing.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ConversationSeeder>().SeedAsync(userId, messages);
    }

    public static async Task<Guid> CreateAsync(string userId, string title = "Test conversation") =>
        (await Testing.SendAsync(new CreateConversationCommand(userId, title))).Id;

    public static Task AppendAsync(string userId, Guid conversationId, string content, MessageRole role = MessageRole.User) =>
        Testing.SendAsync(new AppendMessageCommand(userId, conversationId, role, content));

    public static string HistoryUri(string userId, Guid conversationId, string query = "") =>
        $"api/{Uri.EscapeDataString(userId)}/conversations/{conversationId}/messages{query}";

    /// <summary>GETs the URI, requires a 200, and returns its ETag.</summary>
    public static async Task<string> ETagOfAsync(HttpClient client, string uri)
    {
        using var response = await client.GetAsync(uri);
        Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK), uri);
        return response.Headers.ETag?.ToString() ?? throw new AssertionException($"no ETag on {uri}");
    }

    /// <summary>A conditional GET with <paramref name="tag"/> in If-None-Match.</summary>
    public static Task<HttpResponseMessage> RevalidateAsync(HttpClient client, string uri, string tag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.IfNoneMatch.Add(System.Net.Http.Headers.EntityTagHeaderValue.Parse(tag));
        return client.SendAsync(request);
    }

    public static int[] Seqs(JsonNode page) => page["data"]!.AsArray().Select(m => (int)m!["seq"]!).ToArray();
}
