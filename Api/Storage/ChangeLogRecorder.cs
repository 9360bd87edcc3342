using System.Data.Common;

namespace EventScheduler.Api.Storage;

/// <summary>Writes each registration event to the change log (the change feed, and the webhook outbox the
/// delivery worker fans out from), the whole batch in one multi-row insert.</summary>
public sealed class ChangeLogRecorder : IRegistrationEventRecorder
{
    public Task RecordAsync(DbConnection c, DbTransaction tx, IReadOnlyList<RegistrationEvent> events, CancellationToken ct)
    {
        var changes = new (Change, DateTimeOffset)[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var r = e.Registration;
            changes[i] = (new Change("registration", r.Id.ToString(), e.Type, r.Version, r.MeetingId.ToString(), r.Attendee.HospitalId?.ToString(),
                RegistrationChangePayload.From(r)), e.OccurredAt);
        }

        // One multi-row INSERT for the batch's events instead of a statement per event.
        return ChangeLog.RecordManyAsync(c, tx, changes, ct);
    }
}
