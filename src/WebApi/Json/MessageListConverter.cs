using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using TodoChat.Application.Conversations;

namespace TodoChat.WebApi.Json;

/// <summary>
/// Writes a page's messages as the JSON they are already held in (see <see cref="MessageJson"/>),
/// without a serializer pass per message. Registered for MVC's output only: the OpenAPI document still
/// describes the property as the array of <see cref="MessageDto"/> that it is.
/// </summary>
public sealed class MessageListConverter : JsonConverter<MessageList>
{
    public override MessageList Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Message pages are only written.");

    public override void Write(Utf8JsonWriter writer, MessageList value, JsonSerializerOptions options)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(value.JsonLength);
        try
        {
            var written = value.WriteTo(buffer);
            writer.WriteRawValue(buffer.AsSpan(0, written), skipInputValidation: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
