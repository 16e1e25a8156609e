using System.Net;
using System.Text.Json.Nodes;

namespace TodoChat.WebApi.Tests.Support;

/// <summary>Chat turns as a client sends them: <c>POST api/{user}/chat</c>, in a conversation or starting one.</summary>
public static class ChatTurns
{
    /// <summary>Sends a turn; the response is the caller's to check and dispose.</summary>
    public static Task<HttpResponseMessage> SendAsync(HttpClient client, string user, string message, Guid? conversation = null) =>
        client.PostJsonAsync($"api/{user}/chat", new { conversation_id = conversation, message });

    /// <summary>Sends a turn that must be answered with 200, and returns the answer (a <c>ChatTurnDto</c>).</summary>
    public static async Task<JsonNode> AnswerAsync(HttpClient client, string user, string message, Guid? conversation = null)
    {
        using var response = await SendAsync(client, user, message, conversation);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return JsonNode.Parse(text) ?? throw new AssertionException($"Expected a JSON body, got '{text}'.");
    }

    /// <summary>Sends a turn that must be answered with 200, and returns the id of its conversation (a new one when none is given).</summary>
    public static async Task<Guid> ConversationAsync(HttpClient client, string user, string message, Guid? conversation = null) =>
        (Guid)(await AnswerAsync(client, user, message, conversation))["conversation_id"]!;
}
