namespace EventScheduler.Api.Storage;

/// <summary>Looks at the database's identity every few seconds, so a deleted or replaced file is in the log when it
/// happens, not only at the next write (SQLite's writes check it themselves; this only reports), and a PostgreSQL
/// connection string that now reaches another database is noticed (there, this is the check writes rely on).</summary>
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
                await db.Dialect.CheckIdentityAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
