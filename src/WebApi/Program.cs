using Mediator;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using TodoChat.Application.Common.Exceptions;
using TodoChat.Application;
using TodoChat.Application.Common.Behaviours;
using TodoChat.Application.Common.Quotas;
using TodoChat.Infrastructure;
using TodoChat.Infrastructure.Ai;
using TodoChat.Infrastructure.Persistence;
using TodoChat.WebApi;
using TodoChat.WebApi.Auth;
using TodoChat.WebApi.Errors;
using TodoChat.WebApi.Json;
using TodoChat.WebApi.Mcp;
using TodoChat.WebApi.OpenApi;
using TodoChat.WebApi.Telemetry;

try
{
    // Configuration files sit next to the binaries; started from elsewhere (the repository root, where
    // the local database lives), the default content root would miss them and watch that tree instead.
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions
    {
        Args = args,
        ContentRootPath = ContentRoot.Resolve(args),
    });

    builder.Services.AddOptions<ApiOptions>().Bind(builder.Configuration.GetSection(ApiOptions.SectionName));
    builder.Services.AddOptions<QuotaOptions>()
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

    builder.Services.AddApplication();
    builder.Services.AddInfrastructure(builder.Configuration);
    builder.Services.AddAgent(builder.Configuration);
    builder.Services.AddTodoChatTelemetry(builder.Configuration);

    // The generated mediator. Scoped, because handlers use the (pooled) DbContext. Behaviours run in
    // this order: logging, validation, the chat-turn limit, idempotency. The first two hold nothing per
    // request, so they are singletons (registered before the mediator's own, which keeps them first);
    // the others work per request and are scoped, as the mediator registers them.
    builder.Services.AddSingleton(typeof(IPipelineBehavior<,>), typeof(LoggingBehaviour<,>));
    builder.Services.AddSingleton(typeof(IPipelineBehavior<,>), typeof(ValidationBehaviour<,>));
    builder.Services.AddMediator(options =>
    {
        options.ServiceLifetime = ServiceLifetime.Scoped;
        options.Assemblies = [typeof(TodoChat.Application.DependencyInjection)];
        options.PipelineBehaviors = [typeof(ChatTurnLimitBehaviour<,>), typeof(IdempotencyBehaviour<,>)];
    });

    // One secret signs the bearer tokens and, through a derived key, the paging cursors, so every
    // instance that shares it accepts both.
    var secret = AuthOptions.ResolveSecret(builder.Configuration);
    builder.Services.AddTodoChatAuthentication(builder.Configuration, secret);
    builder.Services.AddCursorProtection(secret);

    builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
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
    builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();

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
    builder.Services.ConfigureHttpJsonOptions(options => JsonSetup.Configure(options.SerializerOptions));
    builder.Services.Replace(ServiceDescriptor.Singleton<Microsoft.AspNetCore.Mvc.ModelBinding.Validation.IObjectModelValidator, TodoChat.WebApi.Validation.BindingOnlyModelValidator>());

    // MCP at /mcp: stateless streamable HTTP, so any instance can answer any call, like the REST API.
    builder.Services.AddHttpContextAccessor();
    builder.Services.AddMcpServer()
        .WithHttpTransport(options => options.Stateless = true)
        .WithTools<TaskMcpTools>(TaskMcpTools.SerializerOptions);

    builder.Services.AddUserRateLimits();
    builder.Services.AddReadCompression();
    builder.Services.AddBrowserOrigins(builder.Configuration);
    builder.Services.AddOpenApi("v1", options =>
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
    });

    var app = builder.Build();

    app.UseTodoChatMetricsEndpoint();
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
    app.MapMcp("/mcp")
        .RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute
        {
            AuthenticationSchemes = Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerDefaults.AuthenticationScheme,
        })
        .RequireRateLimiting(UserRateLimits.Writes);

    // Fail at start, not at the first request, when the database or the agent is not configured.
    app.Services.GetRequiredService<NpgsqlDataSource>();
    app.Services.GetRequiredService<Microsoft.Extensions.AI.IChatClient>();
    // The history cache's instruments exist from the start, so a scrape shows them before the first read.
    app.Services.GetRequiredService<TodoChat.Infrastructure.Caching.HistoryBlockCache>();
    if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStartup)
    {
        await app.Services.MigrateDatabaseAsync();
    }

    if (args is ["seed", ..])
    {
        return await SeedCommand.RunAsync(app.Services, args[1..]);
    }

    await app.RunAsync();
    return 0;
}
catch (StartupException ex)
{
    // A configuration problem is one sentence for the operator, not a stack trace.
    await Console.Error.WriteLineAsync($"TodoChat cannot start: {ex.Message}");
    return 1;
}

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
