using System.Globalization;
using EventScheduler.Api.Auth;
using EventScheduler.Api.Storage;

namespace EventScheduler.Api.Infrastructure;

/// <summary>One fixed-window limit: <see cref="PermitLimit"/> requests per <see cref="Window"/>.</summary>
public sealed class WindowLimit
{
    public int PermitLimit { get; set; }
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Configuration section <c>RateLimiting</c>. Requests with an X-Api-Key are counted per key;
/// anonymous requests per client address, with a stricter budget for anonymous writes (sign-ups).</summary>
public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    public bool Enabled { get; set; } = true;

    /// <summary>Per API key (hash of the X-Api-Key header), any method.</summary>
    public WindowLimit PerApiKey { get; set; } = new() { PermitLimit = 6_000, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Per client address, anonymous GET/HEAD (public pages, programme, calendar).</summary>
    public WindowLimit AnonymousRead { get; set; } = new() { PermitLimit = 3_000, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Per client address, anonymous POST/PATCH/PUT/DELETE (sign-ups, attendee self-service).</summary>
    /// <remarks>1,000 a minute: a hospital's surgeons behind one NAT address signing up after an announcement
    /// (several hundred a minute) pass; one client hammering from one address is refused. Each e-mail has its
    /// own budget besides (<see cref="PerEmail"/>).</remarks>
    public WindowLimit AnonymousWrite { get; set; } = new() { PermitLimit = 1_000, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Per e-mail address, across all client addresses: sign-ups (and, for the mail feature,
    /// resent links) for one e-mail.</summary>
    public WindowLimit PerEmail { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromHours(1) };

    /// <summary>Per check-in key and meeting: wrong codes (404) at the door. Spent: 429 for every further try until
    /// the window ends, so codes cannot be guessed through a desk's key. Shared by all processes.</summary>
    public WindowLimit CheckInMisses { get; set; } = new() { PermitLimit = 30, Window = TimeSpan.FromMinutes(10) };
}

public static class RateLimits
{
    public const string Code = "rate_limited";

    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(RateLimitingOptions.Section).Get<RateLimitingOptions>() ?? new RateLimitingOptions();
        services.AddSingleton(options);
        services.AddSingleton<FixedWindowLimiter>();
        services.AddSingleton<RateWindowStore>();
        services.AddSingleton<SharedBudgets>();
        services.AddSingleton<EmailRateLimiter>();
        services.AddSingleton<CheckInGuessBudget>();
        if (options.Enabled)
        {
            // The per-request counts are shared through the database (several processes, one budget).
            services.AddHostedService<RateWindowSync>();
        }

        return services;
    }

    /// <summary>Counts the request against its budget (after authentication: a valid key has its own),
    /// sends RateLimit-Limit/Remaining/Reset on every limited answer and 429 rate_limited when spent.</summary>
    public static IApplicationBuilder UseRateLimits(this IApplicationBuilder app) => app.UseMiddleware<RateLimitMiddleware>();

    /// <summary>The budget a request counts against, or null for none (health probe, limits off).</summary>
    public static (string Partition, WindowLimit Limit)? Budget(HttpContext context, RateLimitingOptions options)
    {
        // Probes and the metrics scraper must always get through (they are how operators see the trouble).
        if (!options.Enabled || context.Request.Path.StartsWithSegments("/health") || context.Request.Path.StartsWithSegments("/metrics"))
        {
            return null;
        }

        // Only a key that authenticated gets its own budget. A made-up key per request would otherwise be a
        // fresh partition each time, so those count against the client address.
        if (context.User.FindFirst(RoleSets.KeyIdClaim)?.Value is { } keyId)
        {
            return ("key:" + keyId, options.PerApiKey);
        }

        var address = ClientAddress(context);
        var method = context.Request.Method;
        // Heartbeats are a viewer's page saying "still watching" once a minute; a hospital's viewers share one
        // address behind its NAT, so they count like reads, not like sign-ups.
        var heartbeat = context.Request.Path.Value?.EndsWith("/attendance/heartbeats", StringComparison.Ordinal) == true;
        return HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || heartbeat
            ? ("read:" + address, options.AnonymousRead)
            : ("write:" + address, options.AnonymousWrite);
    }

    /// <summary>The connection's address, IPv4-mapped addresses folded to IPv4. (Behind a reverse proxy
    /// listed in <c>ForwardedHeaders:KnownProxies</c>, the forwarded client's: see <see cref="TrustedProxiesSetup"/>.)</summary>
    private static string ClientAddress(HttpContext context)
    {
        var ip = context.Connection.RemoteIpAddress;
        if (ip is null)
        {
            return "unknown";
        }

        return (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString();
    }

    public static void SetHeaders(HttpResponse response, RateLimitDecision decision)
    {
        response.Headers[RateLimitHeaders.Limit] = decision.Limit.ToString(CultureInfo.InvariantCulture);
        response.Headers[RateLimitHeaders.Remaining] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers[RateLimitHeaders.Reset] = decision.ResetSeconds.ToString(CultureInfo.InvariantCulture);
    }

    public static ApiException TooMany(RateLimitDecision decision, string detail)
    {
        var problem = new ApiException(StatusCodes.Status429TooManyRequests, Code, $"{detail} Retry after {decision.ResetSeconds} s.");
        problem.Extensions["retryAfterSeconds"] = decision.ResetSeconds;
        problem.Headers["Retry-After"] = decision.ResetSeconds.ToString(CultureInfo.InvariantCulture);
        return problem;
    }
}

/// <summary>See <see cref="RateLimits.UseRateLimits"/>.</summary>
public sealed class RateLimitMiddleware(RequestDelegate next, RateLimitingOptions options, FixedWindowLimiter limiter)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (RateLimits.Budget(context, options) is not { } budget)
        {
            return next(context);
        }

        var decision = limiter.Acquire(budget.Partition, budget.Limit);
        // On starting: the error middleware clears headers when it writes a problem; these must survive it.
        context.Response.OnStarting(() =>
        {
            RateLimits.SetHeaders(context.Response, decision);
            return Task.CompletedTask;
        });
        if (!decision.Allowed)
        {
            Observability.Telemetry.CountRejection(budget.Partition[..budget.Partition.IndexOf(':')] switch
            {
                "key" => "api_key",
                "read" => "anonymous_read",
                _ => "anonymous_write",
            });
            if (Pages.Infrastructure.AttendeePages.IsPagePath(context.Request.Path))
            {
                // The same limit on the attendee pages, answered as a page in the reader's language.
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = decision.ResetSeconds.ToString(CultureInfo.InvariantCulture);
                return Pages.Infrastructure.PageRejections.WriteTooManyRequestsAsync(context, decision.ResetSeconds, context.RequestAborted);
            }

            throw RateLimits.TooMany(decision, "Too many requests from this API key or client address.");
        }

        return next(context);
    }
}

/// <summary>The IETF draft RateLimit header fields (draft-ietf-httpapi-ratelimit-headers).</summary>
public static class RateLimitHeaders
{
    public const string Limit = "RateLimit-Limit";
    public const string Remaining = "RateLimit-Remaining";
    public const string Reset = "RateLimit-Reset";
}
