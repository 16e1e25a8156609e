namespace TodoChat.WebApi;

/// <summary>The <c>Api</c> configuration section: limits and hints the HTTP surface gives clients.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>Largest request body accepted; larger ones get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// Chat turns one user may start per minute, with bursts up to the same number (a token bucket that
    /// refills evenly); more get 429 with <c>Retry-After</c>. Each turn may call a paid model. 0: no limit.
    /// </summary>
    public int ChatTurnsPerMinute { get; set; } = 60;

    /// <summary>
    /// Changes one user may make per minute, with bursts up to the same number: POST, PUT, PATCH and
    /// DELETE under <c>/api</c> (chat turns have their own limit) and every MCP request. 0: no limit.
    /// </summary>
    public int WritesPerMinute { get; set; } = 600;

    /// <summary>
    /// Browser origins (scheme://host[:port]) whose pages may call the API (CORS), such as the frontend's
    /// dev server. Empty: same-origin only.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>What <c>Retry-After</c> says when the database is unavailable.</summary>
    public int RetryAfterSeconds { get; set; } = 5;
}
