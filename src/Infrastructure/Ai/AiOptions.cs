using System.ComponentModel.DataAnnotations;

namespace TodoChat.Infrastructure.Ai;

/// <summary>The <c>Ai</c> configuration section: which model answers, and how long it may take.</summary>
public sealed class AiOptions
{
    public const string SectionName = "Ai";

    public const string Builtin = "builtin";
    public const string AzureOpenAi = "azure-openai";
    public const string OpenAi = "openai";

    /// <summary><c>builtin</c> (offline, no key), <c>azure-openai</c> or <c>openai</c> (any OpenAI-compatible server).</summary>
    [AllowedValues(Builtin, AzureOpenAi, OpenAi)]
    public string Provider { get; set; } = Builtin;

    /// <summary>The Azure resource (<c>https://name.openai.azure.com</c>) or the OpenAI-compatible base URL (<c>http://localhost:11434/v1</c>).</summary>
    public string? Endpoint { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>The model, or for Azure OpenAI the deployment name.</summary>
    public string? Model { get; set; }

    /// <summary>One call to the model may take this long; LLM replies are slow, so far more than an HTTP default.</summary>
    [Range(1, 600)]
    public int AttemptTimeoutSeconds { get; set; } = 60;

    /// <summary>All tries of one call together, retries and their waits included.</summary>
    [Range(1, 1800)]
    public int TotalTimeoutSeconds { get; set; } = 150;

    /// <summary>Retries of a call answered 429 or 5xx, or timed out; <c>Retry-After</c> is honoured.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First wait between retries (doubling, with jitter) when the server gives no <c>Retry-After</c>.</summary>
    [Range(0, 60_000)]
    public int RetryDelayMilliseconds { get; set; } = 1_000;

    /// <summary>What <c>Retry-After</c> tells the client when the model stays unavailable.</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 30;
}
