using Mediator;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using TodoChat.Application.Common.Behaviours;
using TodoChat.Application.Common.Quotas;
using TodoChat.Infrastructure;
using TodoChat.Infrastructure.Persistence;
using TodoChat.WebApi.Auth;
using TodoChat.WebApi.Errors;
using TodoChat.WebApi.Json;
using TodoChat.WebApi.Mcp;
using TodoChat.WebApi.OpenApi;
using TodoChat.WebApi.Telemetry;

using TodoChat.WebApi.ChatPage;

namespace TodoChat.WebApi;

/// <summary>The web layer: its services (<see cref="AddWebApi"/>), its pipeline and endpoints (<see cref="UseWebApi"/>), and the checks before it serves (<see cref="PrepareAsync"/>).</summary>
public static class DependencyInjection
{
    public static WebApplicationBuilder AddWebApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddTodoChatTelemetry(builder.Configuration);
        services.AddOptions<ApiOptions>().Bind(builder.Configuration.GetSection(ApiOptions.SectionName));
        services.AddOptions<QuotaOptions>()
            .Bind(builder.Configuration.GetSection(QuotaOptions.SectionName))
            .Validate(q => q.TasksPerUser >= 0 && q.ConversationsPerUser >= 0 && q.ToolCallsPerTurn >= 0, "Api:TasksPerUser, Api:ConversationsPerUser and Api:ToolCallsPerTurn must be 0 (no limit) or more.")
            .Validate(q => q.ReplyCharactersPerTurn is >= 1_000 and <= 10_000_000, "Api:ReplyCharactersPerTurn must be from 1,000 to 10,000,000.")
            .ValidateOnStart();
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var api = context.Configuration.GetSection(ApiOptions.SectionName).Get<ApiOptions>() ?? new ApiOptions();
            kestrel.Limits.MaxRequestBodySize = api.MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
        });

        // The generated mediator. Scoped, because handlers use the (pooled) DbContext. Behaviours run in
        // this order: logging, validation, the chat-turn limit, idempotency. The first two hold nothing per
        // request, so they are singletons (registered before the mediator's own, which keeps them first);
        // the others work per request and are scoped, as the mediator registers them.
        services.AddSingleton(typeof(IPipelineBehavior<,>), typeof(LoggingBehaviour<,>));
        services.AddSingleton(typeof(IPipelineBehavior<,>), typeof(ValidationBehaviour<,>));
        services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.Assemblies = [typeof(TodoChat.Application.DependencyInjection)];
            options.PipelineBehaviors = [typeof(ChatTurnLimitBehaviour<,>), typeof(IdempotencyBehaviour<,>)];
        });

        // One secret signs the bearer tokens and, through a derived key, the paging cursors, so every
        // instance that shares it accepts both.
        var secret = AuthOptions.ResolveSecret(builder.Configuration);
        services.AddTodoChatAuthentication(builder.Configuration, secret);
        services.AddCursorProtection(secret);

        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            // One trace id, under the contract's name, whichever writer produced the problem.
            var problem = context.ProblemDetails;
            problem.Extensions.Remove("trace_id");
            problem.Extensions["traceId"] = System.Diagnostics.Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
            problem.Detail ??= problem.Title;

            // The framework's defaults name a type for most statuses, not for 429.
            if (problem.Status == StatusCodes.Status429TooManyRequests)
            {
                problem.Type ??= "https://www.rfc-editor.org/rfc/rfc6585#section-4";
            }
        });
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();

        builder.Services
            .AddControllers(options =>
            {
                // FluentValidation, in the mediator pipeline, is the only validation: data annotations on
                // request types document the contract in OpenAPI but are not run a second time here.
                options.ModelValidatorProviders.Clear();

                // Values come from the route, the query string and JSON bodies; never from forms.
                foreach (var form in options.ValueProviderFactories.Where(f => f is FormValueProviderFactory or FormFileValueProviderFactory or JQueryFormValueProviderFactory).ToList())
                {
                    options.ValueProviderFactories.Remove(form);
                }
            })
            .ConfigureApiBehaviorOptions(options =>
            {
                options.InvalidModelStateResponseFactory = InvalidModelState.ToProblem;
            })
            .AddJsonOptions(options =>
            {
                JsonSetup.Configure(options.JsonSerializerOptions);
                options.AllowInputFormatterExceptionMessages = false;
            });
        services.ConfigureHttpJsonOptions(options => JsonSetup.Configure(options.SerializerOptions));
        services.Replace(ServiceDescriptor.Singleton<Microsoft.AspNetCore.Mvc.ModelBinding.Validation.IObjectModelValidator, TodoChat.WebApi.Validation.BindingOnlyModelValidator>());

        // MCP at /mcp: stateless streamable HTTP, so any instance can answer any call, like the REST API.
        services.AddHttpContextAccessor();
        services.AddMcpServer()
            .WithHttpTransport(options => options.Stateless = true)
            .WithTools<TaskMcpTools>(TaskMcpTools.SerializerOptions);

        services.AddUserRateLimits();
        services.AddReadCompression();
        services.AddBrowserOrigins(builder.Configuration);
        services.AddOpenApi("v1", options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "TodoChat API";
                document.Info.Version = "v1";
                document.Info.Description = "Manage a todo list by chatting with an AI agent. Errors are RFC 9457 problem details.";
                return Task.CompletedTask;
            });
            options.AddDocumentTransformer<BearerSecurityTransformer>();
            options.AddOperationTransformer<BearerSecurityTransformer>();
            options.AddSchemaTransformer<InstantSchemaTransformer>();
            options.AddSchemaTransformer<ToolCallSchemaTransformer>();
            options.AddSchemaTransformer<EnumSchemaTransformer>();
            options.AddOperationTransformer<ParameterSchemaTransformer>();
            options.AddOperationTransformer<HeadersTransformer>();
            options.AddOperationTransformer<EventStreamTransformer>();
        });

        return builder;
    }

    public static WebApplication UseWebApi(this WebApplication app)
    {

        app.UseTodoChatTelemetry();
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        app.UseReadCompression();
        app.UseCors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapOpenApi("/openapi/{documentName}.json");
        app.UseSwaggerUI(options =>
        {
            options.RoutePrefix = "swagger";
            options.SwaggerEndpoint("/openapi/v1.json", "TodoChat API v1");
            options.DocumentTitle = "TodoChat API";
            options.EnablePersistAuthorization();
        });

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapControllers();
        app.MapChatPage();
        app.MapMcp("/mcp")
            .RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute
            {
                AuthenticationSchemes = Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerDefaults.AuthenticationScheme,
            })
            .RequireRateLimiting(UserRateLimits.Writes);

        return app;
    }

    /// <summary>Fails at start, not at the first request, when the database or the agent is not configured; migrates when asked to.</summary>
    public static async Task PrepareAsync(this WebApplication app)
    {
        app.Services.GetRequiredService<NpgsqlDataSource>();
        app.Services.GetRequiredService<TodoChat.Infrastructure.Persistence.Replicas.ReplicaReads>();
        app.Services.GetRequiredService<Microsoft.Extensions.AI.IChatClient>();
        // The history cache's instruments exist from the start, so a scrape shows them before the first read.
        app.Services.GetRequiredService<TodoChat.Infrastructure.Caching.HistoryBlockCache>();
        if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStartup)
        {
            await app.Services.MigrateDatabaseAsync();
        }
    }
}
