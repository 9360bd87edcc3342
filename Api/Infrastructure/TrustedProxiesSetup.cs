using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace EventScheduler.Api.Infrastructure;

/// <summary>Behind a reverse proxy every connection comes from the proxy, so the per-address rate limits and the
/// sign-up and check-in budgets would count all attendees as one client. With <c>ForwardedHeaders:KnownProxies</c>
/// (addresses) or <c>ForwardedHeaders:KnownNetworks</c> (CIDR ranges) set, a request from one of those takes its
/// client address and scheme from <c>X-Forwarded-For</c> / <c>X-Forwarded-Proto</c>; from anyone else the headers are
/// ignored (a client must not pick its own address). Unset (the default) the service trusts no forwarded header.</summary>
public static class TrustedProxiesSetup
{
    public const string Section = "ForwardedHeaders";

    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = List(configuration, "KnownProxies").Select(v => Parse(v, "KnownProxies", "an IP address", (string text, out IPAddress address) => IPAddress.TryParse(text, out address!))).ToList();
        var networks = List(configuration, "KnownNetworks")
            .Select(v => Parse(v, "KnownNetworks", "a CIDR range such as 10.0.0.0/24",
                (string text, out System.Net.IPNetwork network) => System.Net.IPNetwork.TryParse(text, out network))).ToList();
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only what is configured: not the framework's default of trusting loopback.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            proxies.ForEach(options.KnownProxies.Add);
            networks.ForEach(options.KnownIPNetworks.Add);
        });
        services.AddSingleton(new TrustedProxies(proxies.Count + networks.Count > 0));
        return services;
    }

    public static IApplicationBuilder UseTrustedProxies(this IApplicationBuilder app) =>
        app.ApplicationServices.GetRequiredService<TrustedProxies>().Any ? app.UseForwardedHeaders() : app;

    // "10.0.0.5, 10.0.0.6" or an array section (ForwardedHeaders:KnownProxies:0, :1, ...).
    private static IEnumerable<string> List(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(Section).GetSection(key);
        var values = section.Value is { } single ? [single] : section.GetChildren().Select(child => child.Value ?? "");
        return values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private delegate bool TryParser<T>(string value, out T parsed);

    // A mistyped proxy must stop the start with the setting's name, not a bare FormatException (or, worse, trust nobody silently).
    private static T Parse<T>(string value, string key, string what, TryParser<T> tryParse) =>
        tryParse(value, out var parsed) ? parsed : throw new InvalidOperationException($"{Section}:{key}: '{value}' is not {what}.");

    private sealed record TrustedProxies(bool Any);
}
