using Dapper;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Api.Storage;

/// <summary>Seats taken per mode, as the registration writer maintains them (registration_counters),
/// for the public pages. One indexed read per page of meetings, never a count of registrations.</summary>
public sealed record SeatCounts(int ConfirmedInPerson, int ConfirmedOnline, int QueuedInPerson, int QueuedOnline)
{
    public static readonly SeatCounts None = new(0, 0, 0, 0);

    public int Confirmed(AttendanceMode mode) => mode == AttendanceMode.InPerson ? ConfirmedInPerson : ConfirmedOnline;

    public int Queued(AttendanceMode mode) => mode == AttendanceMode.InPerson ? QueuedInPerson : QueuedOnline;
}

public sealed class RegistrationCounterStore(Database db)
{
    private const string ForMeetingsSql = """
        SELECT meeting_id AS MeetingId, confirmed_in_person AS ConfirmedInPerson, confirmed_online AS ConfirmedOnline,
               queued_in_person AS QueuedInPerson, queued_online AS QueuedOnline
        FROM registration_counters WHERE meeting_id IN @Ids
        """;

    /// <summary>Meetings without a row have had no registration write yet: nothing taken.</summary>
    public Task<IReadOnlyDictionary<Guid, SeatCounts>> ForMeetingsAsync(IReadOnlyCollection<Guid> meetingIds, CancellationToken ct)
    {
        if (meetingIds.Count == 0)
        {
            return Task.FromResult<IReadOnlyDictionary<Guid, SeatCounts>>(new Dictionary<Guid, SeatCounts>());
        }

        return db.ReadAsync<IReadOnlyDictionary<Guid, SeatCounts>>(async c =>
        {
            var rows = await c.QueryAsync<Row>(new CommandDefinition(ForMeetingsSql, new { Ids = meetingIds.Select(i => i.ToString()).ToArray() }, cancellationToken: ct));
            return rows.ToDictionary(r => Guid.Parse(r.MeetingId),
                r => new SeatCounts((int)r.ConfirmedInPerson, (int)r.ConfirmedOnline, (int)r.QueuedInPerson, (int)r.QueuedOnline));
        }, ct);
    }

    private sealed class Row
    {
        public string MeetingId { get; init; } = "";
        public long ConfirmedInPerson { get; init; }
        public long ConfirmedOnline { get; init; }
        public long QueuedInPerson { get; init; }
        public long QueuedOnline { get; init; }
    }
}
