using System.Data.Common;
using Dapper;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Api.Storage;

/// <summary>The counters row of a meeting (<c>registration_counters</c>): its <see cref="SeatCounts"/> and its
/// arrival counter. Written by the registration writer with every batch that changes them, so reading a
/// meeting's counts never means counting its registrations; a meeting without a row has none.</summary>
public static class RegistrationCounters
{
    private const string Columns = """
        confirmed_in_person AS ConfirmedInPerson, confirmed_online AS ConfirmedOnline,
        waitlisted_in_person AS WaitlistedInPerson, waitlisted_online AS WaitlistedOnline,
        switching_to_in_person AS SwitchingToInPerson, switching_to_online AS SwitchingToOnline,
        cancelled_in_person AS CancelledInPerson, cancelled_online AS CancelledOnline,
        checked_in_in_person AS CheckedInInPerson, checked_in_online AS CheckedInOnline, last_seq AS LastSeq
        """;

    private const string LoadSql = "SELECT " + Columns + " FROM registration_counters WHERE meeting_id = @Id";

    private const string SaveSql = """
        INSERT INTO registration_counters (meeting_id, confirmed_in_person, confirmed_online, waitlisted_in_person, waitlisted_online,
            switching_to_in_person, switching_to_online, cancelled_in_person, cancelled_online, checked_in_in_person, checked_in_online, last_seq)
        VALUES (@Id, @ConfirmedInPerson, @ConfirmedOnline, @WaitlistedInPerson, @WaitlistedOnline, @SwitchingToInPerson, @SwitchingToOnline,
            @CancelledInPerson, @CancelledOnline, @CheckedInInPerson, @CheckedInOnline, @LastSeq)
        ON CONFLICT (meeting_id) DO UPDATE SET confirmed_in_person = excluded.confirmed_in_person, confirmed_online = excluded.confirmed_online,
            waitlisted_in_person = excluded.waitlisted_in_person, waitlisted_online = excluded.waitlisted_online,
            switching_to_in_person = excluded.switching_to_in_person, switching_to_online = excluded.switching_to_online,
            cancelled_in_person = excluded.cancelled_in_person, cancelled_online = excluded.cancelled_online,
            checked_in_in_person = excluded.checked_in_in_person, checked_in_online = excluded.checked_in_online, last_seq = excluded.last_seq
        """;

    // The same counts as the writer keeps, from the rows (for data loaded outside the writer: seeds, imports).
    private const string RecountSql = """
        INSERT INTO registration_counters (meeting_id, confirmed_in_person, confirmed_online, waitlisted_in_person, waitlisted_online,
            switching_to_in_person, switching_to_online, cancelled_in_person, cancelled_online, checked_in_in_person, checked_in_online, last_seq)
        SELECT @Id,
               COALESCE(SUM(CASE WHEN status = 'confirmed' AND mode = 'in_person' THEN 1 ELSE 0 END), 0),
               COALESCE(SUM(CASE WHEN status = 'confirmed' AND mode = 'online' THEN 1 ELSE 0 END), 0),
               COALESCE(SUM(CASE WHEN status = 'waitlisted' AND mode = 'in_person' THEN 1 ELSE 0 END), 0),
               COALESCE(SUM(CASE WHEN status = 'waitlisted' AND mode = 'online' THEN 1 ELSE 0 END), 0),
               COALESCE(SUM(CASE WHEN status = 'confirmed' AND queue_mode = 'in_person' THEN 1 ELSE 0 END), 0),
               COALESCE(SUM(CASE WHEN status = 'confirmed' AND queue_mode = 'online' THEN 1 ELSE 0 END), 0),
               COALESCE(SUM(CASE WHEN status = 'cancelled' AND mode = 'in_person' THEN 1 ELSE 0 END), 0),
               COALESCE(SUM(CASE WHEN status = 'cancelled' AND mode = 'online' THEN 1 ELSE 0 END), 0),
               COALESCE(SUM(CASE WHEN checked_in_at IS NOT NULL AND mode = 'in_person' THEN 1 ELSE 0 END), 0),
               COALESCE(SUM(CASE WHEN checked_in_at IS NOT NULL AND mode = 'online' THEN 1 ELSE 0 END), 0),
               CASE WHEN COALESCE(MAX(seq), 0) >= COALESCE(MAX(queue_seq), 0) THEN COALESCE(MAX(seq), 0) ELSE MAX(queue_seq) END
        FROM registrations WHERE meeting_id = @Id
        ON CONFLICT (meeting_id) DO UPDATE SET confirmed_in_person = excluded.confirmed_in_person, confirmed_online = excluded.confirmed_online,
            waitlisted_in_person = excluded.waitlisted_in_person, waitlisted_online = excluded.waitlisted_online,
            switching_to_in_person = excluded.switching_to_in_person, switching_to_online = excluded.switching_to_online,
            cancelled_in_person = excluded.cancelled_in_person, cancelled_online = excluded.cancelled_online,
            checked_in_in_person = excluded.checked_in_in_person, checked_in_online = excluded.checked_in_online, last_seq = excluded.last_seq
        """;

    /// <summary>Sets the counters of <paramref name="meetingId"/> from its registrations, for registrations written
    /// outside the writer (the demo seed, bulk loads); one scan of the meeting's rows.</summary>
    public static Task RecountAsync(DbConnection c, DbTransaction tx, Guid meetingId, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(RecountSql, new { Id = meetingId.ToString() }, tx, cancellationToken: ct));

    /// <summary>The counts and arrival counter of <paramref name="meetingId"/> (zero for a meeting without registrations).</summary>
    public static async Task<(SeatCounts Counts, long LastSeq)> LoadAsync(DbConnection c, DbTransaction? tx, Guid meetingId, CancellationToken ct)
    {
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(LoadSql, new { Id = meetingId.ToString() }, tx, cancellationToken: ct));
        return row is null ? (SeatCounts.None, 0) : (row.ToCounts(), row.LastSeq);
    }

    public static Task SaveAsync(DbConnection c, DbTransaction tx, Guid meetingId, SeatCounts counts, long lastSeq, CancellationToken ct)
    {
        var (p, o) = (counts[AttendanceMode.InPerson], counts[AttendanceMode.Online]);
        return c.ExecuteAsync(new CommandDefinition(SaveSql, new
        {
            Id = meetingId.ToString(),
            ConfirmedInPerson = p.Confirmed,
            ConfirmedOnline = o.Confirmed,
            WaitlistedInPerson = p.Waitlisted,
            WaitlistedOnline = o.Waitlisted,
            SwitchingToInPerson = p.PendingSwitchesInto,
            SwitchingToOnline = o.PendingSwitchesInto,
            CancelledInPerson = p.Cancelled,
            CancelledOnline = o.Cancelled,
            CheckedInInPerson = p.CheckedIn,
            CheckedInOnline = o.CheckedIn,
            LastSeq = lastSeq,
        }, tx, cancellationToken: ct));
    }

    private sealed class Row
    {
        public long ConfirmedInPerson { get; init; }
        public long ConfirmedOnline { get; init; }
        public long WaitlistedInPerson { get; init; }
        public long WaitlistedOnline { get; init; }
        public long SwitchingToInPerson { get; init; }
        public long SwitchingToOnline { get; init; }
        public long CancelledInPerson { get; init; }
        public long CancelledOnline { get; init; }
        public long CheckedInInPerson { get; init; }
        public long CheckedInOnline { get; init; }
        public long LastSeq { get; init; }

        public SeatCounts ToCounts() => new(
            new ModeTally((int)ConfirmedInPerson, (int)WaitlistedInPerson, (int)SwitchingToInPerson, (int)CancelledInPerson, (int)CheckedInInPerson),
            new ModeTally((int)ConfirmedOnline, (int)WaitlistedOnline, (int)SwitchingToOnline, (int)CancelledOnline, (int)CheckedInOnline));
    }
}
