using EventScheduler.Api.Storage;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Api.Registrations;

/// <summary>One chunk of the retention job (<see cref="ContactDataRetentionJob"/>): erases up to <paramref name="limit"/>
/// registrations of a meeting that ended before <paramref name="endedBefore"/>, and marks the meeting done once none is
/// left. Everything is read again under the write lock, so two processes sweeping the same database only ever find
/// what the other left: nothing is erased twice, nothing is missed.</summary>
/// <returns>How many it erased, and whether the meeting is done.</returns>
public sealed class RetentionEraseCommand(Guid meetingId, DateTimeOffset endedBefore, int limit) : RegistrationCommand<(int Erased, bool Done)>
{
    protected override async Task<(int Erased, bool Done)> ExecuteAsync(RegistrationLedger ledger, CancellationToken ct)
    {
        var seats = await ledger.SeatsAsync(meetingId, ct);
        if (seats is null || seats.Meeting.Details.EndsAt >= endedBefore)
        {
            // Gone, or moved into the retention period since it was listed: nothing is due.
            return (0, true);
        }

        var now = ledger.Now();
        var due = await ledger.UnerasedAsync(meetingId, limit, ct);
        var erasures = new List<(Registration, Attendee, int)>(due.Count);
        foreach (var registration in due)
        {
            var (evidence, certificate) = await ledger.CmeRecordsAsync(registration.Id, ct);
            var before = registration.Attendee;
            var beforeVersion = registration.Version;
            if (registration.Erase(PersonalDataPolicy.ScopeFor(evidence, certificate), now))
            {
                erasures.Add((registration, before, beforeVersion));
            }
        }

        await ledger.SaveErasuresAsync(erasures, ErasureReasons.Retention, ct);
        var done = due.Count < limit;
        if (done)
        {
            await ledger.MarkMeetingErasedAsync(meetingId, ct);
        }

        return (erasures.Count, done);
    }
}
