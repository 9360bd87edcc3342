using EventScheduler.Api.Storage;
using Microsoft.Extensions.Options;

namespace EventScheduler.Api.Infrastructure;

/// <summary>Shares this process's per-request limit counts through the database every
/// <c>Coherence:PollMilliseconds</c> (see <see cref="FixedWindowLimiter"/>) and forgets ended windows once a minute.</summary>
public sealed class RateWindowSync(FixedWindowLimiter limiter, RateWindowStore store, TimeProvider time, IOptions<CoherenceOptions> options,
    ILogger<RateWindowSync> logger) : BackgroundService
{
    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Real time on purpose: a test clock that stands still must not stop the sharing.
        using var timer = new PeriodicTimer(options.Value.PollInterval);
        var pruned = DateTimeOffset.MinValue;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await limiter.SyncAsync(store, stoppingToken);
                    var now = time.GetUtcNow();
                    if (now - pruned > PruneEvery)
                    {
                        pruned = now;
                        await store.PruneAsync(now, stoppingToken);
                    }
                }
                catch (StorageUnavailableException ex)
                {
                    // Counts stay pending here and are added at the next sync; limits keep working on what is known.
                    logger.LogDebug(ex, "Could not share rate-limit counts");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
