using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAI;
using TodoChat.Application.Common.Telemetry;
using TodoChat.Application.Common.Exceptions;
using TodoChat.Infrastructure.Ai.Builtin;

namespace TodoChat.Infrastructure.Ai;

/// <summary>
/// One pipeline for every provider: the provider's <see cref="IChatClient"/> with function invocation
/// on top. The real clients send through an <see cref="HttpClient"/> whose resilience handler owns
/// timeouts and retries, so the SDKs' own retries are off (two layers would multiply the tries).
/// </summary>
internal static class ChatClientFactory
{
    public const string HttpClientName = "todochat-ai";

    public static IChatClient Create(AiOptions options, IHttpClientFactory httpClients, IServiceProvider services)
    {
        var inner = options.Provider switch
        {
            AiOptions.Builtin => new BuiltinChatClient(),
            AiOptions.AzureOpenAi => CreateAzure(options, httpClients),
            AiOptions.OpenAi => CreateOpenAi(options, httpClients),
            _ => throw new StartupException($"Ai:Provider must be builtin, azure-openai or openai, not '{options.Provider}'."),
        };

        return new ChatClientBuilder(inner)
            // No logger: at Trace, function invocation logs every tool's arguments and result, which are
            // chat and task text. Tool calls are seen as spans (execute_tool) and metrics instead.
            .UseFunctionInvocation(loggerFactory: NullLoggerFactory.Instance, configure: invoking =>
            {
                // Tools run one at a time: they share the turn's workspace and the request's DbContext.
                invoking.AllowConcurrentInvocation = false;
                invoking.MaximumIterationsPerRequest = 8;

                // A tool that throws (the database went away) fails the turn, of which nothing is stored.
                invoking.MaximumConsecutiveErrorsPerRequest = 0;
            })

            // Inside function invocation: one span per model call, and the tool calls as spans
            // (execute_tool) beside them, under the turn. Never the messages: sensitive data stays off.
            .UseOpenTelemetry(sourceName: TodoChatMetrics.AiSourceName, configure: telemetry => telemetry.EnableSensitiveData = false)
            .Build(services);
    }

    private static IChatClient CreateAzure(AiOptions options, IHttpClientFactory httpClients)
    {
        var endpoint = Required(options.Endpoint, "Ai__Endpoint", "the Azure OpenAI resource, such as https://my-resource.openai.azure.com");
        var key = Required(options.ApiKey, "Ai__ApiKey", "the Azure OpenAI key");
        var deployment = Required(options.Model, "Ai__Model", "the deployment name");
        var clientOptions = new AzureOpenAIClientOptions();
        Configure(clientOptions, options, httpClients);
        return new AzureOpenAIClient(ParseUri(endpoint), new ApiKeyCredential(key), clientOptions)
            .GetChatClient(deployment)
            .AsIChatClient();
    }

    private static IChatClient CreateOpenAi(AiOptions options, IHttpClientFactory httpClients)
    {
        var model = Required(options.Model, "Ai__Model", "the model name");
        var clientOptions = new OpenAIClientOptions();
        if (!string.IsNullOrWhiteSpace(options.Endpoint))
        {
            clientOptions.Endpoint = ParseUri(options.Endpoint);
        }

        Configure(clientOptions, options, httpClients);

        // Local OpenAI-compatible servers (Ollama, vLLM, LM Studio) ignore the key; the client still wants one.
        var key = string.IsNullOrWhiteSpace(options.ApiKey) ? "not-needed" : options.ApiKey;
        return new OpenAIClient(new ApiKeyCredential(key), clientOptions)
            .GetChatClient(model)
            .AsIChatClient();
    }

    private static void Configure(ClientPipelineOptions clientOptions, AiOptions options, IHttpClientFactory httpClients)
    {
        clientOptions.Transport = new HttpClientPipelineTransport(httpClients.CreateClient(HttpClientName));
        clientOptions.RetryPolicy = new ClientRetryPolicy(maxRetries: 0);
        clientOptions.NetworkTimeout = TimeSpan.FromSeconds(options.TotalTimeoutSeconds + 5);
    }

    private static string Required(string? value, string variable, string what) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new StartupException($"Set {variable} to {what}, or Ai__Provider=builtin for the offline agent.")
            : value;

    private static Uri ParseUri(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new StartupException($"Ai__Endpoint must be an http(s) URL, not '{value}'.");
}
