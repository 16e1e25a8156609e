using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using TodoChat.Application.Conversations.Queries.GetConversationHistory;

namespace TodoChat.WebApi.Controllers;

/// <summary>
/// A history page written straight to the response: the fixed members by hand and the messages as the
/// JSON they are held in, so the hot read path needs no serializer pass and no formatter selection.
/// The shape is <see cref="ConversationHistoryPage"/>'s under the service's JSON options (a test holds
/// them equal).
/// </summary>
public sealed class HistoryPageResult(ConversationHistoryPage page) : ActionResult
{
    private static readonly JsonEncodedText ConversationId = JsonEncodedText.Encode("conversation_id");
    private static readonly JsonEncodedText Data = JsonEncodedText.Encode("data");
    private static readonly JsonEncodedText Limit = JsonEncodedText.Encode("limit");
    private static readonly JsonEncodedText Offset = JsonEncodedText.Encode("offset");
    private static readonly JsonEncodedText HasMore = JsonEncodedText.Encode("has_more");
    private static readonly JsonEncodedText NextCursor = JsonEncodedText.Encode("next_cursor");

    public ConversationHistoryPage Page => page;

    public override async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        Write(response.BodyWriter, page);
        await response.BodyWriter.FlushAsync(context.HttpContext.RequestAborted);
    }

    [ThreadStatic]
    private static Utf8JsonWriter? _writer;

    public static void Write(IBufferWriter<byte> output, ConversationHistoryPage page)
    {
        // Writing is synchronous, so one writer per thread serves every page.
        var writer = _writer ??= new Utf8JsonWriter(Stream.Null, new JsonWriterOptions { SkipValidation = true });
        writer.Reset(output);
        writer.WriteStartObject();
        writer.WriteString(ConversationId, page.ConversationId);
        writer.WritePropertyName(Data);
        var messages = ArrayPool<byte>.Shared.Rent(page.Data.JsonLength);
        try
        {
            var written = page.Data.WriteTo(messages);
            writer.WriteRawValue(messages.AsSpan(0, written), skipInputValidation: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(messages);
        }

        writer.WriteNumber(Limit, page.Limit);
        writer.WriteNumber(Offset, page.Offset);
        writer.WriteBoolean(HasMore, page.HasMore);
        if (page.NextCursor is null)
        {
            writer.WriteNull(NextCursor);
        }
        else
        {
            writer.WriteString(NextCursor, page.NextCursor);
        }

        writer.WriteEndObject();
        writer.Flush();
        writer.Reset(Stream.Null);
    }
}
