using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace TodoChat.Application;

public static class DependencyInjection
{
    /// <summary>Validators by assembly scan. The mediator itself is generated and registered by the host.</summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, ServiceLifetime.Singleton);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<Common.Telemetry.TodoChatMetrics>();
        services.AddSingleton<Tasks.Tools.TaskToolbox>();
        services.AddScoped<Tasks.Tools.TaskWorkspaces>();
        services.AddScoped<Common.Idempotency.IdempotencyOutcome>();
        services.AddScoped<Common.Quotas.AccountQuotas>();
        services.AddSingleton<Chat.ChatTurnGate>();
        return services;
    }
}
