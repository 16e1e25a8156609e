using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using TodoChat.Application.Chat;
using TodoChat.Application.Common.Interfaces;

namespace TodoChat.Infrastructure.Ai;

public static class AiServiceCollectionExtensions
{
    /// <summary>
    /// The agent: <c>Ai:Provider</c> picks the model client; calls to a real provider go through one
    /// HttpClient with the standard resilience handler sized for LLM replies (attempt and total
    /// timeouts, retries on 429/5xx that honour <c>Retry-After</c>, a circuit breaker).
    /// </summary>
    public static IServiceCollection AddAgent(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AiOptions>()
            .Bind(configuration.GetSection(AiOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<ChatTurnOptions>()
            .Bind(configuration.GetSection(ChatTurnOptions.SectionName))
            .Validate(o => o.HistoryWindow is >= 1 and <= 1000, "Chat:HistoryWindow must be from 1 to 1000.")
            .Validate(o => o.HistoryTokens is >= 0 and <= 10_000_000, "Chat:HistoryTokens must be from 0 (no limit) to 10000000.")
            .Validate(o => o.MaxConcurrentTurnsPerUser is >= 0 and <= 1000, "Chat:MaxConcurrentTurnsPerUser must be from 0 (no limit) to 1000.")
            .Validate(o => o.MaxTurnsInFlight is >= 1 and <= 100_000, "Chat:MaxTurnsInFlight must be from 1 to 100000.")
            .Validate(o => o.TurnQueueMilliseconds is >= 0 and <= 60_000, "Chat:TurnQueueMilliseconds must be from 0 to 60000.")
            .Validate(o => o.BusyRetryAfterSeconds is >= 1 and <= 3600, "Chat:BusyRetryAfterSeconds must be from 1 to 3600.")
            .Validate(o => o.TurnAttempts is >= 1 and <= 10, "Chat:TurnAttempts must be from 1 to 10.")
            .ValidateOnStart();

        services.AddHttpClient(ChatClientFactory.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddStandardResilienceHandler()
            .Configure((HttpStandardResilienceOptions resilience, IServiceProvider sp) =>
            {
                var ai = sp.GetRequiredService<IOptions<AiOptions>>().Value;
                resilience.AttemptTimeout.Timeout = TimeSpan.FromSeconds(ai.AttemptTimeoutSeconds);
                resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(Math.Max(ai.TotalTimeoutSeconds, ai.AttemptTimeoutSeconds));
                resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds((2 * ai.AttemptTimeoutSeconds) + 1);
                resilience.Retry.Delay = TimeSpan.FromMilliseconds(ai.RetryDelayMilliseconds);
                resilience.Retry.UseJitter = true;
                resilience.Retry.ShouldRetryAfterHeader = true;
                if (ai.MaxRetries > 0)
                {
                    resilience.Retry.MaxRetryAttempts = ai.MaxRetries;
                }
                else
                {
                    resilience.Retry.ShouldHandle = _ => ValueTask.FromResult(false);
                }
            });

        services.AddSingleton<IChatClient>(sp => ChatClientFactory.Create(
            sp.GetRequiredService<IOptions<AiOptions>>().Value,
            sp.GetRequiredService<IHttpClientFactory>(),
            sp));
        services.AddSingleton<ITokenCounter, O200kTokenCounter>();
        services.AddScoped<IChatAgent, ChatAgent>();
        return services;
    }
}
