using System.Text.Json;
using TodoChat.Domain.Conversations;

namespace TodoChat.Application.Conversations;

/// <summary>
/// A <see cref="MessageDto"/> in its wire form, written and read by hand so that history can be kept and
/// sent as UTF-8 JSON without a serializer pass per request. The names and formats are the API's
/// (snake_case, roles in lower case, instants in UTC with <c>Z</c>); a test holds them equal to what
/// the service's JSON options write for the same DTO.
/// </summary>
public static class MessageJson
{
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText Seq = JsonEncodedText.Encode("seq");
    private static readonly JsonEncodedText Role = JsonEncodedText.Encode("role");
    private static readonly JsonEncodedText Content = JsonEncodedText.Encode("content");
    private static readonly JsonEncodedText CreatedAt = JsonEncodedText.Encode("created_at");
    private static readonly JsonEncodedText User = JsonEncodedText.Encode("user");
    private static readonly JsonEncodedText Assistant = JsonEncodedText.Encode("assistant");

    public static void Write(Utf8JsonWriter writer, Guid id, int seq, MessageRole role, string content, DateTimeOffset createdAt)
    {
        writer.WriteStartObject();
        writer.WriteString(Id, id);
        writer.WriteNumber(Seq, seq);
        writer.WriteString(Role, role == MessageRole.User ? User : Assistant);
        writer.WriteString(Content, content);
        writer.WriteString(CreatedAt, createdAt.UtcDateTime);
        writer.WriteEndObject();
    }

    public static void Write(Utf8JsonWriter writer, MessageDto message) =>
        Write(writer, message.Id, message.Seq, message.Role, message.Content, message.CreatedAt);

    /// <summary>Reads back one object that <see cref="Write(Utf8JsonWriter, MessageDto)"/> wrote.</summary>
    public static MessageDto Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        Guid id = default;
        int seq = default;
        var role = MessageRole.User;
        var content = string.Empty;
        DateTimeOffset createdAt = default;
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(Id.EncodedUtf8Bytes))
            {
                reader.Read();
                id = reader.GetGuid();
            }
            else if (reader.ValueTextEquals(Seq.EncodedUtf8Bytes))
            {
                reader.Read();
                seq = reader.GetInt32();
            }
            else if (reader.ValueTextEquals(Role.EncodedUtf8Bytes))
            {
                reader.Read();
                role = reader.ValueTextEquals(User.EncodedUtf8Bytes) ? MessageRole.User : MessageRole.Assistant;
            }
            else if (reader.ValueTextEquals(Content.EncodedUtf8Bytes))
            {
                reader.Read();
                content = reader.GetString()!;
            }
            else
            {
                reader.Read();
                createdAt = reader.GetDateTimeOffset();
            }
        }

        return new MessageDto(id, seq, role, content, createdAt);
    }
}
