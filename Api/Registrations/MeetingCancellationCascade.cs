using EventScheduler.Api.Storage;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Api.Registrations;

/// <summary>Goes on cancelling the active registrations of a cancelled meeting, a chunk per writer batch, until
/// none is left (so cancelling a meeting of a hundred thousand never holds the writer for long). Queued by
/// <see cref="MeetingCancelCommand"/> and, after a restart, by <see cref="MeetingCancellationRecovery"/>.</summary>
public sealed class MeetingCancellationCascade(Guid meetingId) : RegistrationCommand<int>
{
    /// <summary>Registrations cancelled per batch.</summary>
    public const int ChunkSize = 500;

    protected override async Task<int> ExecuteAsync(RegistrationLedger ledger, CancellationToken ct)
    {
        var seats = await ledger.SeatsAsync(meetingId, ct);
        return seats is null || seats.Meeting.Status != Domain.Meetings.MeetingStatus.Cancelled ? 0 : await CancelNextAsync(ledger, seats, ct);
    }

    /// <summary>Cancels the next chunk; queues the cascade again while more remain. Returns how many it cancelled.</summary>
    public static async Task<int> CancelNextAsync(RegistrationLedger ledger, MeetingSeats seats, CancellationToken ct)
    {
        var active = await ledger.ActiveAsync(seats.Meeting.Id, ChunkSize + 1, ct);
        var now = ledger.Now();
        var changes = new List<RegistrationChange>();
        foreach (var registration in active.Take(ChunkSize))
        {
            changes.AddRange(seats.CancelForMeeting(registration, now).Changes);
        }

        await ledger.SaveAsync(seats, changes, ct);
        if (active.Count > ChunkSize)
        {
            ledger.FollowUp(new MeetingCancellationCascade(seats.Meeting.Id));
        }

        return changes.Count;
    }
}
