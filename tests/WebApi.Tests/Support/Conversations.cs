using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Domain.Conversations;
using TodoChat.Infrastructure.Persistence;
using TodoChat.Infrastructure.Seeding;

namespace TodoChat.WebApi.Tests.Support;

/// <summary>Conversations for tests, made through the domain and the service's own DbContext and seeder.</summary>
public static class Conversations
{
    /// <summary>n messages, alternating roles, one second apart (the bulk seeder, as build.ps1 seed uses).</summary>
    public static async Task<Guid> SeedAsync(string userId, int messages)
    {
        await using var scope = Testing.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ConversationSeeder>().SeedAsync(userId, messages);
    }

    public static async Task<Guid> CreateAsync(string userId, string title = "Test conversation")
    {
        await using var scope = Testing.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TodoChatDbContext>();
        var conversation = new Conversation(Guid.CreateVersion7(), userId, title, DateTimeOffset.UtcNow);
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync();
        return conversation.Id;
    }

    /// <summary>A message appended as a turn appends it: under the conversation's row lock, its counters kept.</summary>
    public static async Task AppendAsync(string userId, Guid conversationId, string content, MessageRole role = MessageRole.User)
    {
        await using var scope = Testing.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TodoChatDbContext>();
        await scope.ServiceProvider.GetRequiredService<ITransactionRunner>().RunAsync(
            async ct =>
            {
                var conversation = await db.Conversations
                    .FromSql($"SELECT * FROM conversations WHERE id = {conversationId} AND user_id = {userId} FOR UPDATE")
                    .AsAsyncEnumerable()
                    .SingleAsync(ct);
                db.Messages.Add(conversation.Append(Guid.CreateVersion7(), role, content, null, DateTimeOffset.UtcNow));
                return await db.SaveChangesAsync(ct);
            },
            CancellationToken.None);
    }

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
