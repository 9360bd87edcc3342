using EventScheduler.Api.Storage;

namespace EventScheduler.Api.Registrations;

/// <summary>At start-up: a meeting cancelled before a crash or stop may still have active registrations whose
/// cascade had not finished; this queues it again for each such meeting.</summary>
public sealed class MeetingCancellationRecovery(RegistrationWriter writer, RegistrationStore store, ILogger<MeetingCancellationRecovery> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var meetingId in await store.CancelledMeetingsWithActiveRegistrationsAsync(cancellationToken))
        {
            logger.LogInformation("Resuming the cancellation of the registrations of cancelled meeting {MeetingId}", meetingId);
            _ = writer.SubmitAsync(new MeetingCancellationCascade(meetingId));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
