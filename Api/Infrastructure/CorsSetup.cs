using EventScheduler.Api.Features.Registrations;

namespace EventScheduler.Api.Infrastructure;

/// <summary>Configuration section <c>Cors</c>: which browser origins may call the API
/// (<c>Cors__AllowedOrigins__0=https://portal.hospital.example.cn</c>). Empty by default: no origin.</summary>
public sealed class CorsOptions
{
    public const string Section = "Cors";

    public string[] AllowedOrigins { get; set; } = [];
}

/// <summary>CORS for hospital portals that call the API from a browser: preflights are answered for the
/// allowed origins with the methods and request headers the API uses, and the response headers a client
/// needs (ETag for If-Match, Location of what it created, Retry-After, the RateLimit fields) are exposed.</summary>
public static class CorsSetup
{
    public const string Policy = "api";

    public static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    public static readonly string[] RequestHeaders =
        ["Content-Type", "Accept", "X-Api-Key", ManageTokens.Header, "Idempotency-Key", "If-Match", "If-None-Match", "Last-Event-ID"];

    public static readonly string[] ExposedHeaders =
        ["ETag", "Location", "Retry-After", "Last-Modified", "Idempotent-Replayed", RateLimitHeaders.Limit, RateLimitHeaders.Remaining, RateLimitHeaders.Reset];

    public static IServiceCollection AddApiCors(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(CorsOptions.Section).Get<CorsOptions>() ?? new CorsOptions();
        var origins = options.AllowedOrigins.Where(o => !string.IsNullOrWhiteSpace(o)).Select(o => o.Trim().TrimEnd('/')).ToArray();
        services.AddCors(o => o.AddPolicy(Policy, p =>
        {
            p.WithOrigins(origins).WithMethods(Methods).WithHeaders(RequestHeaders).WithExposedHeaders(ExposedHeaders)
                .SetPreflightMaxAge(TimeSpan.FromHours(1));
        }));
        return services;
    }

    /// <summary>Early in the pipeline: a preflight is answered before authentication and rate limits.</summary>
    public static IApplicationBuilder UseApiCors(this IApplicationBuilder app) => app.UseCors(Policy);
}
