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

    public const string TaskQuotaResponse = $"The account holds as many tasks as it may (`Api__TasksPerUser`): `type` is `{TaskQuota}`.";
    public const string ChatConflictResponse = $"Starting a conversation, the account holds as many as it may (`Api__ConversationsPerUser`): `type` is `{ConversationQuota}`.";
    public const string ChatUnprocessableResponse =
        $"Nothing of the turn was applied: `{ToolCallLimit}`, the turn made more tool calls than one may (`Api__ToolCallsPerTurn`); " +
        $"`{ReplyTooLarge}`, its reply with the tool calls is larger than may be stored (`Api__ReplyCharactersPerTurn`); " +
        $"`{IdempotencyKeyReused}`, the `Idempotency-Key` was used for another request.";
}
