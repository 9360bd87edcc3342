namespace EventScheduler.Api.Storage;

/// <summary>Writes each registration event to the change log (the change feed, and the webhook outbox the
/// delivery worker fans out from), the whole batch at once (<see cref="ChangeLog.RecordManyAsync"/>).</summary>
public sealed class ChangeLogRecorder : IRegistrationEventRecorder
{
    public Task RecordAsync(BatchStatements statements, IReadOnlyList<RegistrationEvent> events, CancellationToken ct)
    {
        var changes = new (Change, DateTimeOffset)[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var r = e.Registration;
            changes[i] = (new Change("registration", r.Id.ToString(), e.Type, r.Version, r.MeetingId.ToString(), r.Attendee.HospitalId?.ToString(),
                RegistrationChangePayload.From(r)), e.OccurredAt);
        }

        return ChangeLog.RecordManyAsync(statements, changes, ct);
    }
}
