namespace EventScheduler.Api.Storage;

/// <summary>Looks at the database file's identity every few seconds, so a deleted or replaced file is in the
/// log when it happens, not only at the next write. (Writes check it themselves; this only reports.)</summary>
public sealed class DatabaseIdentityMonitor(Database db) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Real time on purpose: a test clock that stands still must not silence the report.
        using var timer = new PeriodicTimer(Every);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                _ = db.Identity.Check();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
