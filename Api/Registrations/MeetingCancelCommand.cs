using EventScheduler.Api.Storage;
using EventScheduler.Domain.Meetings;

namespace EventScheduler.Api.Registrations;

/// <summary>Cancels a meeting and, in the same commit, its active registrations (status cancelled, reason
/// meeting_cancelled, a registration.cancelled event each), <see cref="MeetingCancellationCascade.ChunkSize"/>
/// at a time: a larger meeting's remaining registrations follow in the next batches.</summary>
public sealed class MeetingCancelCommand(MeetingStore meetings, Guid meetingId, VersionPrecondition expected, string reason, DateTimeOffset now)
    : RegistrationCommand<Meeting>
{
    protected override async Task<Meeting> ExecuteAsync(RegistrationLedger ledger, CancellationToken ct)
    {
        var seats = await ledger.SeatsAsync(meetingId, ct) ?? throw new NotFoundException("Meeting");
        var meeting = await ledger.WithMeetingWriteAsync((c, tx) => meetings.UpdateInAsync(c, tx, meetingId, expected, (_, _, m) =>
        {
            m.Cancel(reason, now);
            return Task.CompletedTask;
        }, ct), ct);
        seats.MeetingCancelled(meeting);
        await MeetingCancellationCascade.CancelNextAsync(ledger, seats, ct);
        return meeting;
    }
}
