using System.Text.Encodings.Web;
using System.Text.Json;
using TodoChat.Application.Common.Exceptions;

namespace TodoChat.Application.Common;

/// <summary>Answers as the service keeps them to answer again (idempotency records), and the cap on their size.</summary>
public static class StoredResponses
{
    /// <summary>
    /// Only what JSON itself requires is escaped: the record is read back by this service, never put
    /// into HTML, and the default escaping would make non-ASCII text six times its size.
    /// </summary>
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The answer as it is stored; throws <see cref="QuotaExceededException"/> when it is longer than <paramref name="maxCharacters"/>.</summary>
    public static string Serialize<T>(T response, int maxCharacters)
    {
        var json = JsonSerializer.Serialize(response, Json);
        return json.Length <= maxCharacters ? json : throw new QuotaExceededException(QuotaKind.ReplyCharactersPerTurn, maxCharacters);
    }

    public static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Json)!;
}
