namespace TodoChat.WebApi.Errors;

/// <summary>
/// The <c>type</c> of problems this service defines itself: URNs, since they name a kind of problem
/// for clients to branch on, with nothing to fetch (RFC 9457 §3.1.1). The OpenAPI document lists
/// them on the responses that carry them.
/// </summary>
public static class ProblemTypes
{
    public const string TaskQuota = "urn:todochat:problem:task-quota";
    public const string ConversationQuota = "urn:todochat:problem:conversation-quota";
    public const string ToolCallLimit = "urn:todochat:problem:tool-call-limit";
    public const string ReplyTooLarge = "urn:todochat:problem:reply-too-large";
    public const string IdempotencyKeyReused = "urn:todochat:problem:idempotency-key-reused";
    public const string ModelContextTooLong = "urn:todochat:problem:model-context-too-long";
    public const string ModelNotAuthorized = "urn:todochat:problem:model-not-authorized";
    public const string ModelNotFound = "urn:todochat:problem:model-not-found";
    public const string ModelRejectedRequest = "urn:todochat:problem:model-rejected-request";
    public const string TooManyConcurrentTurns = "urn:todochat:problem:too-many-concurrent-turns";

    public const string TaskQuotaResponse = $"The account holds as many tasks as it may (`Api__TasksPerUser`): `type` is `{TaskQuota}`.";
    public const string ChatConflictResponse = $"Starting a conversation, the account holds as many as it may (`Api__ConversationsPerUser`): `type` is `{ConversationQuota}`.";
    public const string ChatUnprocessableResponse =
        $"Nothing of the turn was applied: `{ToolCallLimit}`, the turn made more tool calls than one may (`Api__ToolCallsPerTurn`); " +
        $"`{ReplyTooLarge}`, its reply with the tool calls is larger than may be stored (`Api__ReplyCharactersPerTurn`); " +
        $"`{IdempotencyKeyReused}`, the `Idempotency-Key` was used for another request.";

    public const string ChatTooManyRequestsResponse =
        $"Too many chat messages: `{TooManyConcurrentTurns}`, the user already has `Chat__MaxConcurrentTurnsPerUser` turns running; " +
        "otherwise the per-minute limit (`Api__ChatTurnsPerMinute`). Either way nothing was stored, and `Retry-After` says when to send it again.";

    public const string ChatBadGatewayResponse =
        "The model refused the turn for good, so sending it again unchanged cannot succeed; nothing of it was stored or applied: " +
        $"`{ModelContextTooLong}`, the conversation is longer than the model's context window (start a new conversation or send less); " +
        $"`{ModelNotAuthorized}`, the provider refused the service's key (an operator must fix `Ai__ApiKey`); " +
        $"`{ModelNotFound}`, the configured model or deployment does not exist (`Ai__Model`); " +
        $"`{ModelRejectedRequest}`, any other request the provider will not accept.";
}
