using EventScheduler.Api.Auth;
using EventScheduler.Api.Features;
using EventScheduler.Api.Features.Programme;
using EventScheduler.Api.Email;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Infrastructure.DataProtection;
using EventScheduler.Api.Infrastructure.OpenApi;
using EventScheduler.Api.Integration;
using EventScheduler.Api.Observability;
using EventScheduler.Api.Pages.Infrastructure;
using EventScheduler.Api.Registrations;
using EventScheduler.Api.Storage;

namespace EventScheduler.Api;

/// <summary>Composition root: which concerns make up the service and in which order the request pipeline
/// runs them. Each concern registers itself in its own <c>Add…</c>/<c>Use…</c> extension beside its code.</summary>
public static class ApiApplication
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddSingleton(TimeProvider.System);
        services.AddStorage(configuration);
        services.AddChangeViews();
        services.AddRegistrations(configuration);
        services.AddIdempotency(configuration);
        services.AddLiveFeed(configuration);
        services.AddWebhooks(configuration);
        services.AddDatabaseDataProtection();
        services.AddEmail(configuration);
        services.AddApiKeyAuthentication(configuration);
        services.AddTrustedProxies(configuration);
        services.AddRateLimits(configuration);
        services.AddApiCors(configuration);
        services.AddApiEndpoints();
        services.AddApiDocument();
        builder.AddObservability();
        services.AddAttendeePages();

        return builder.Build();
    }

    /// <summary>The request pipeline. The order matters: errors are caught around everything; body limits
    /// run before anything reads a body; the rate limiter runs after authentication (a valid key gets its
    /// own budget) and before made-up keys are refused (so guessing keys is rate limited too).</summary>
    public static void Configure(WebApplication app)
    {
        app.UseTrustedProxies();
        app.UseRequestLog();
        app.UseProblemResponses();
        app.UseAttendeePageAssets();
        app.UseApiCors();
        app.UseRequestBodyRules();
        app.UseAuthentication();
        app.UseRateLimits();
        app.UseApiKeyChecks();
        app.UseApiEndpoints();
        app.UseObservability();
        app.MapAttendeePages();
        app.UseApiDocument();
    }
}
