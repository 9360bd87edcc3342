namespace EventScheduler.Api.Features.Programme;

public static class LiveFeedSetup
{
    /// <summary>The in-process hub that fans committed live status changes out to SSE listeners (<c>Live:*</c>), fed by
    /// the follower of the database's live-status log (changes of every process).</summary>
    public static IServiceCollection AddLiveFeed(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<LiveFeedOptions>(configuration.GetSection(LiveFeedOptions.Section));
        services.AddSingleton<LiveFeedHub>();
        services.AddSingleton<LiveFeedFollower>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveFeedFollower>());
        return services;
    }
}
