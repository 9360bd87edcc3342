namespace EventScheduler.Api.Integration;

public static class WebhookSetup
{
    /// <summary>Webhook subscriptions' delivery: options (<c>Webhooks:*</c>), the SSRF guard, the HTTP client and the worker.</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WebhookOptions>(configuration.GetSection(WebhookOptions.Section));
        services.AddSingleton<DestinationGuard>();
        services.AddSingleton<WebhookSignal>();
        services.AddHttpClient(WebhookWorker.HttpClientName, client =>
            {
                // Each attempt has its own timeout (Webhooks:RequestTimeout).
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("EventScheduler-Webhooks/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                // Every connection goes through the SSRF guard; redirects are not followed (a 3xx is a failed attempt).
                ConnectCallback = sp.GetRequiredService<DestinationGuard>().ConnectAsync,
                AllowAutoRedirect = false,
                UseProxy = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                ConnectTimeout = TimeSpan.FromSeconds(10),
            });
        services.AddHostedService<WebhookWorker>();
        return services;
    }
}
