using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TodoChat.Application.Conversations;
using TodoChat.Domain.Conversations;

namespace TodoChat.WebApi.Tests.Conversations;

/// <summary>
/// History is kept and sent in its wire form, written by hand: it must be byte for byte what the
/// service's own JSON options write for the same message, whatever the text holds.
/// </summary>
public sealed class MessageJsonTests
{
    [TestCase("plain text")]
    [TestCase("quotes \" and \\ backslashes, <tags> & 'apostrophes'")]
    [TestCase("tabs\tand\nnewlines\r\n and a bell \u0007")]
    [TestCase("caf\u00e9, na\u00efve, \u65e5\u672c\u8a9e")]
    [TestCase("emoji \ud83d\ude00\ud83d\udc4d\ud83c\udffd and a flag \ud83c\uddeb\ud83c\uddf7")]
    [TestCase("")]
    public void ShouldWriteWhatTheServicesJsonOptionsWrite(string content)
    {
        var options = Testing.App.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Mvc.JsonOptions>>().Value.JsonSerializerOptions;
        foreach (var (role, createdAt) in new[]
        {
            (MessageRole.User, new DateTimeOffset(2026, 11, 29, 8, 30, 0, TimeSpan.Zero)),
            (MessageRole.Assistant, new DateTimeOffset(2026, 11, 29, 8, 30, 1, 123, 456, TimeSpan.FromHours(2))),
        })
        {
            var message = new MessageDto(Guid.CreateVersion7(), 42, role, content, createdAt);
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                MessageJson.Write(writer, message);
            }

            Assert.That(Encoding.UTF8.GetString(buffer.WrittenSpan), Is.EqualTo(JsonSerializer.Serialize(message, options)));
            Assert.That(MessageJson.Read(buffer.WrittenSpan), Is.EqualTo(message with { CreatedAt = message.CreatedAt.ToUniversalTime() }));
        }
    }
}
