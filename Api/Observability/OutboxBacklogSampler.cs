namespace EventScheduler.Api.Observability;

/// <summary>Samples the outbox backlogs every <see cref="ObservabilityOptions.SampleInterval"/>.</summary>
public sealed class OutboxBacklogSampler(OutboxBacklog backlog, IEnumerable<IOutboxBacklogSource> sources, ObservabilityOptions options,
    ILogger<OutboxBacklogSampler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        // Real time on purpose (as DatabaseIdentityMonitor): a test clock that stands still must not stop the sampling.
        using var timer = new PeriodicTimer(options.SampleInterval);
        do
        {
            foreach (var source in sources)
            {
                try
                {
                    backlog.Set(source.Name, await source.SampleAsync(stoppingToken));
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    // The metric keeps its last value; the database's trouble is reported by health and the writers.
                    logger.LogDebug(ex, "Could not sample the {Outbox} outbox backlog", source.Name);
                }
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
