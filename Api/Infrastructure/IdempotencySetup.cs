using EventScheduler.Api.Storage;

namespace EventScheduler.Api.Infrastructure;

public static class IdempotencySetup
{
    /// <summary>Idempotency-Key records (from <c>Idempotency:*</c>) and the janitor that expires them.</summary>
    public static IServiceCollection AddIdempotency(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection(IdempotencySettings.Section).Get<IdempotencySettings>() ?? new IdempotencySettings());
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<Idempotency>();
        services.AddSingleton<IdempotentCreate>();
        services.AddHostedService<IdempotencyJanitor>();
        return services;
    }
}
