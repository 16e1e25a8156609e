using System.ClientModel;
using System.Text.Json;
using TodoChat.Application.Common.Exceptions;

namespace TodoChat.Infrastructure.Ai;

/// <summary>
/// Tells a provider's permanent refusals from transient failures. Transient ones (408, 429, 5xx,
/// timeouts) are retried by the resilience handler and end as a 503; the 4xx left over can never
/// succeed as sent, so they must not tell the client to retry.
/// </summary>
internal static class ModelErrors
{
    /// <summary>The permanent reason of a provider's answer, or null when it is worth trying again.</summary>
    public static AgentRejection? Rejection(ClientResultException exception) => exception.Status switch
    {
        408 or 429 or >= 500 or 0 => null,
        400 or 413 or 422 when IsContextTooLong(exception) => AgentRejection.ContextTooLong,
        401 or 403 => AgentRejection.NotAuthorized,
        404 => AgentRejection.ModelNotFound,
        >= 400 and < 500 => AgentRejection.BadRequest,
        _ => null,
    };

    /// <summary>
    /// OpenAI and Azure OpenAI name it in <c>error.code</c>: <c>context_length_exceeded</c>. Only the
    /// code is read: the error's message may quote the conversation.
    /// </summary>
    private static bool IsContextTooLong(ClientResultException exception)
    {
        var body = exception.GetRawResponse()?.Content;
        if (body is null)
        {
            return false;
        }

        try
        {
            using var json = JsonDocument.Parse(body.ToMemory());
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("code", out var code)
                && code.ValueKind == JsonValueKind.String
                && code.GetString() is "context_length_exceeded" or "string_above_max_length";
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
