using EventScheduler.Api.Storage;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Api.Registrations;

/// <summary>Erases the personal data of registrations whose meeting ended longer ago than Privacy:ContactDataRetention
/// (<see cref="PersonalDataPolicy"/>), at start and then every Privacy:SweepInterval. Each chunk is a command of the one
/// <see cref="RegistrationWriter"/> (the only path that writes registrations) that reads what is due under the write
/// lock, so processes sharing the database never clash: whichever comes second finds the work done.</summary>
public sealed class ContactDataRetentionJob(Database db, RegistrationWriter writer, PrivacyOptions options, TimeProvider time,
    ILogger<ContactDataRetentionJob> logger) : BackgroundService
{
    private const int MeetingsPerSweep = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Let the host finish starting (and the writer begin its loop) before the first sweep.
            await Task.Yield();
            await SweepLoggedAsync(stoppingToken);
            using var timer = new PeriodicTimer(options.SweepInterval > TimeSpan.Zero ? options.SweepInterval : TimeSpan.FromHours(1), time);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await SweepLoggedAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One sweep: every meeting due now, chunk by chunk; returns how many registrations it erased.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var endedBefore = PersonalDataPolicy.DueIfEndedBefore(options.ContactDataRetention, time.GetUtcNow());
        var total = 0;
        while (true)
        {
            var meetings = await RegistrationErasure.MeetingsDueAsync(db, endedBefore, MeetingsPerSweep, ct);
            foreach (var meetingId in meetings)
            {
                (int Erased, bool Done) chunk;
                do
                {
                    ct.ThrowIfCancellationRequested();
                    chunk = await writer.SubmitAsync(new RetentionEraseCommand(meetingId, endedBefore, Math.Max(1, options.ChunkSize)));
                    total += chunk.Erased;
                }
                while (!chunk.Done);
            }

            if (meetings.Count < MeetingsPerSweep)
            {
                return total;
            }
        }
    }

    private async Task SweepLoggedAsync(CancellationToken ct)
    {
        try
        {
            var erased = await SweepAsync(ct);
            if (erased > 0)
            {
                logger.LogInformation("Erased the personal data of {Count} registrations of meetings that ended more than {Retention} ago.", erased,
                    options.ContactDataRetention);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The next sweep tries again; nothing is half-erased (each chunk is one transaction).
            logger.LogWarning(ex, "The personal-data retention sweep failed; it runs again in {Interval}.", options.SweepInterval);
        }
    }
}
