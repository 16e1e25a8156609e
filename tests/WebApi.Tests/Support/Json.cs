using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TodoChat.WebApi.Tests.Support;

public static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new AssertionException($"Expected a JSON body, got '{text}'.");
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string uri, object body) =>
        client.PostAsJsonAsync(uri, body, Options);

    /// <summary>POST with an <c>Idempotency-Key</c> header.</summary>
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string uri, object body, string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = JsonContent.Create(body, options: Options) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string uri, object body) =>
        client.PutAsJsonAsync(uri, body, Options);

    /// <summary>Sends exactly these bytes as the JSON body, for malformed and mistyped bodies.</summary>
    public static Task<HttpResponseMessage> SendRawJsonAsync(this HttpClient client, HttpMethod method, string uri, string body) =>
        client.SendAsync(new HttpRequestMessage(method, uri)
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        });
}
