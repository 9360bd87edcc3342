using System.Globalization;
using System.Threading.RateLimiting;
using EventScheduler.Api.Auth;
using Microsoft.AspNetCore.RateLimiting;

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
    public WindowLimit AnonymousWrite { get; set; } = new() { PermitLimit = 60, Window = TimeSpan.FromMinutes(1) };
}

public static class RateLimits
{
    public const string Code = "rate_limited";

    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(RateLimitingOptions.Section).Get<RateLimitingOptions>() ?? new RateLimitingOptions();
        services.AddSingleton(options);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, options));
            o.OnRejected = async (context, ct) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                    : 1;
                var http = context.HttpContext;
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                if (Pages.Infrastructure.AttendeePages.IsPagePath(http.Request.Path))
                {
                    await Pages.Infrastructure.PageRejections.WriteTooManyRequestsAsync(http, seconds, ct);
                    return;
                }

                var problem = Problems.Create(http, StatusCodes.Status429TooManyRequests, Code, $"Too many requests. Retry after {seconds} s.",
                    extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = seconds });
                await http.Response.WriteAsJsonAsync(problem, JsonConfig.Options, Problems.ContentType, ct);
            };
        });
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext context, RateLimitingOptions options)
    {
        if (!options.Enabled || context.Request.Path.StartsWithSegments("/health"))
        {
            return RateLimitPartition.GetNoLimiter("none");
        }

        // Runs after authentication: only a key that authenticated gets its own budget. A made-up key per
        // request would otherwise be a fresh partition each time, so those count against the client address.
        if (context.User.FindFirst(RoleSets.KeyIdClaim)?.Value is { } keyId)
        {
            return Window("key:" + keyId, options.PerApiKey);
        }

        var address = ClientAddress(context);
        var method = context.Request.Method;
        // Heartbeats are a viewer's page saying "still watching" once a minute; a hospital's viewers share one
        // address behind its NAT, so they count like reads, not like sign-ups.
        var heartbeat = context.Request.Path.Value?.EndsWith("/attendance/heartbeats", StringComparison.Ordinal) == true;
        return HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || heartbeat
            ? Window("read:" + address, options.AnonymousRead)
            : Window("write:" + address, options.AnonymousWrite);
    }

    private static RateLimitPartition<string> Window(string partition, WindowLimit limit) =>
        RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, limit.PermitLimit),
            Window = limit.Window > TimeSpan.Zero ? limit.Window : TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    /// <summary>The connection's address, IPv4-mapped addresses folded to IPv4. (Behind a reverse proxy,
    /// enable the forwarded-headers middleware so this is the client, not the proxy.)</summary>
    private static string ClientAddress(HttpContext context)
    {
        var ip = context.Connection.RemoteIpAddress;
        if (ip is null)
        {
            return "unknown";
        }

        return (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString();
    }
}

/// <summary>The IETF draft RateLimit header fields (draft-ietf-httpapi-ratelimit-headers).</summary>
public static class RateLimitHeaders
{
    public const string Limit = "RateLimit-Limit";
    public const string Remaining = "RateLimit-Remaining";
    public const string Reset = "RateLimit-Reset";
}
