using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace EventScheduler.Api.Storage;

/// <summary>Writes each registration event to the change log (the change feed, and the webhook outbox the
/// delivery worker fans out from).</summary>
public sealed class ChangeLogRecorder : IRegistrationEventRecorder
{
    public async Task RecordAsync(DbConnection c, DbTransaction tx, IReadOnlyList<RegistrationEvent> events, CancellationToken ct)
    {
        foreach (var e in events)
        {
            var r = e.Registration;
            await ChangeLog.RecordAsync((SqliteConnection)c, (SqliteTransaction)tx, new Change("registration", r.Id.ToString(), e.Type, r.Version,
                r.MeetingId.ToString(), r.Attendee.HospitalId?.ToString(), RegistrationChangePayload.From(r)), e.OccurredAt, ct);
        }
    }
}
