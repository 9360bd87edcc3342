using Microsoft.AspNetCore.Authentication;

namespace EventScheduler.Api.Auth;

public static class AuthSetup
{
    /// <summary>API keys (<c>X-Api-Key</c>, <c>Auth:*</c>) as the one authentication scheme, and role policies.</summary>
    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AuthOptions>(configuration.GetSection(AuthOptions.Section));
        services.AddSingleton<ApiKeyService>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        return services;
    }

    /// <summary>After authentication and the rate limiter: a key that was sent but is unknown or revoked is
    /// refused (401) even on public endpoints; then endpoint authorization.</summary>
    public static IApplicationBuilder UseApiKeyChecks(this IApplicationBuilder app)
    {
        app.UseMiddleware<RejectInvalidKeyMiddleware>();
        app.UseAuthorization();
        return app;
    }
}
