using Dapper;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Domain.Registrations;
using System.Data.Common;

namespace EventScheduler.Api.Storage;

/// <param name="ScopeKeyId">With <paramref name="ScopeHospitalId"/>: an integration key sees only the
/// registrations it created or of its hospital. Both null: no scope (staff).</param>
public sealed record RegistrationFilter(
    AttendanceMode? Mode,
    RegistrationStatus? Status,
    Guid? HospitalId,
    string? Search,
    string? ScopeKeyId,
    Guid? ScopeHospitalId);

public sealed record ModeCounts(int Confirmed, int Waitlisted, int Cancelled, int CheckedIn);

/// <summary>Reads of registrations. Every write goes through <see cref="RegistrationWriter"/>.</summary>
public sealed class RegistrationStore(Database db)
{
    public const string Columns = """
        SELECT r.id, r.meeting_id AS MeetingId, r.seq, r.full_name AS FullName, r.email, r.phone, r.hospital_id AS HospitalId,
               r.hospital_name AS HospitalName, r.job_title AS JobTitle, r.specialty, r.mode, r.status,
               r.queue_mode AS QueueMode, r.queue_seq AS QueueSeq, r.check_in_code AS CheckInCode,
               r.checked_in_at AS CheckedInAt, r.manage_token_hash AS ManageTokenHash, r.created_by_key_id AS CreatedByKeyId,
               r.created_at AS CreatedAt, r.updated_at AS UpdatedAt, r.version, r.cancellation_reason AS CancellationReason, r.language,
               r.erased_at AS ErasedAt
        FROM registrations r
        """;

    private const string ByIdSql = Columns + " WHERE r.id = @Id";

    private const string PositionSql = """
        SELECT COUNT(*) FROM registrations WHERE meeting_id = @MeetingId AND queue_mode = @Mode AND queue_seq <= @QueueSeq
        """;

    // The queue sequence numbers of one queue from the first to the last queued row of a page, in queue order, read
    // from ix_registrations_queue alone (no row is read): with the first one's position they give every position between.
    private const string QueueSpanSql = """
        SELECT queue_seq FROM registrations
        WHERE meeting_id = @MeetingId AND queue_mode = @Mode AND queue_seq >= @First AND queue_seq <= @Last
        ORDER BY queue_seq
        """;

    // Waitlist positions of a whole meeting (the export, which reads every row anyway): rank within each queue.
    private const string PositionsSql = """
        SELECT id AS Id, ROW_NUMBER() OVER (PARTITION BY queue_mode ORDER BY queue_seq) AS Position
        FROM registrations WHERE meeting_id = @MeetingId AND queue_mode IS NOT NULL
        """;

    private const string CancelledWithActiveSql = """
        SELECT m.id FROM meetings m
        WHERE m.status = 'cancelled'
          AND EXISTS (SELECT 1 FROM registrations r WHERE r.meeting_id = m.id AND r.status IN ('confirmed', 'waitlisted'))
        """;

    /// <summary>Cancelled meetings whose registrations were not all cancelled with them yet (a cascade cut short by a stop).</summary>
    public Task<IReadOnlyList<Guid>> CancelledMeetingsWithActiveRegistrationsAsync(CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<Guid>>(async c =>
            (await c.QueryAsync<string>(new CommandDefinition(CancelledWithActiveSql, cancellationToken: ct))).Select(Guid.Parse).ToList(), ct);

    /// <summary>The registration with its waiting-list position, if <paramref name="access"/> may see it; else
    /// <see cref="NotFoundException"/>, on one path for an unknown id and a caller without access (the position is
    /// read only after the check).</summary>
    public Task<(RegistrationRow Row, int? Position)> GetAsync(Guid id, RegistrationAccess access, CancellationToken ct) =>
        db.ReadAsync<(RegistrationRow, int?)>(async c =>
        {
            var row = await c.QuerySingleOrDefaultAsync<RegistrationRow>(new CommandDefinition(ByIdSql, new { Id = id.ToString() }, cancellationToken: ct));
            access.CheckFound(row?.ManageTokenHash, row?.CreatedByKeyId, row?.HospitalId);
            return (row!, await PositionAsync(c, null, row!, ct));
        }, ct);

    public Task<(RegistrationRow Row, int? Position)?> GetAsync(Guid id, CancellationToken ct) =>
        db.ReadAsync<(RegistrationRow, int?)?>(async c =>
        {
            var row = await c.QuerySingleOrDefaultAsync<RegistrationRow>(new CommandDefinition(ByIdSql, new { Id = id.ToString() }, cancellationToken: ct));
            if (row is null)
            {
                return null;
            }

            return (row, await PositionAsync(c, null, row, ct));
        }, ct);

    public static async Task<int?> PositionAsync(DbConnection c, DbTransaction? tx, RegistrationRow row, CancellationToken ct) =>
        row.QueueMode is null
            ? null
            : await c.ExecuteScalarAsync<int>(new CommandDefinition(PositionSql, new { row.MeetingId, Mode = row.QueueMode, row.QueueSeq }, tx, cancellationToken: ct));

    public static async Task<int?> PositionAsync(DbConnection c, DbTransaction? tx, Registration r, CancellationToken ct) =>
        r.QueueMode is not { } mode
            ? null
            : await c.ExecuteScalarAsync<int>(new CommandDefinition(PositionSql,
                new { MeetingId = r.MeetingId.ToString(), Mode = EnumText.ToText(mode), r.QueueSeq }, tx, cancellationToken: ct));

    public Task<IReadOnlyList<(RegistrationRow Row, int? Position)>> ListAsync(Guid meetingId, RegistrationFilter filter, long afterSeq, int limit, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<(RegistrationRow, int?)>>(async c =>
        {
            // One read transaction (a WAL snapshot): rows and positions agree even while the writer commits.
            await using var tx = await db.BeginSnapshotAsync(c, ct);
            var rows = (await c.QueryAsync<RegistrationRow>(new CommandDefinition(RegistrationListQuery.For(filter), ListParams(meetingId, filter, afterSeq, limit), tx, cancellationToken: ct))).AsList();
            var positions = await PagePositionsAsync(c, tx, meetingId, rows, ct);
            return rows.Select(r => (r, positions.TryGetValue(r.Id, out var p) ? p : (int?)null)).ToList();
        }, ct);

    /// <summary>The waiting-list positions of a page's queued rows, at a cost bounded by the page, not by the queue:
    /// per queue, the first row's position is a count over the queue index and the rest follow from the queue numbers
    /// between the page's first and last row. Ranking the whole queue for every page read each queued row of the
    /// meeting (14 ms for a queue of 8,700, issue 9 item 7).</summary>
    private static async Task<Dictionary<string, int>> PagePositionsAsync(DbConnection c, DbTransaction tx, Guid meetingId, List<RegistrationRow> rows,
        CancellationToken ct)
    {
        var positions = new Dictionary<string, int>();
        foreach (var queue in rows.Where(r => r.QueueMode is not null && r.QueueSeq is not null).GroupBy(r => r.QueueMode!))
        {
            var first = queue.Min(r => r.QueueSeq!.Value);
            var last = queue.Max(r => r.QueueSeq!.Value);
            var firstPosition = await c.ExecuteScalarAsync<int>(new CommandDefinition(PositionSql,
                new { MeetingId = meetingId.ToString(), Mode = queue.Key, QueueSeq = first }, tx, cancellationToken: ct));
            var span = (await c.QueryAsync<long>(new CommandDefinition(QueueSpanSql,
                new { MeetingId = meetingId.ToString(), Mode = queue.Key, First = first, Last = last }, tx, cancellationToken: ct))).AsList();
            var positionOf = new Dictionary<long, int>(span.Count);
            for (var i = 0; i < span.Count; i++)
            {
                positionOf[span[i]] = firstPosition + i;
            }

            foreach (var row in queue)
            {
                if (positionOf.TryGetValue(row.QueueSeq!.Value, out var position))
                {
                    positions[row.Id] = position;
                }
            }
        }

        return positions;
    }

    /// <summary>Streams every matching row in arrival order without buffering the result set, so an
    /// export of 100,000 registrations holds one row at a time in memory.</summary>
    public async Task StreamAsync(Guid meetingId, RegistrationFilter filter, Func<RegistrationRow, Task> each, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var reader = await c.ExecuteReaderAsync(new CommandDefinition(RegistrationListQuery.For(filter), ListParams(meetingId, filter, 0, int.MaxValue), cancellationToken: ct));
        var parse = reader.GetRowParser<RegistrationRow>();
        while (await reader.ReadAsync(ct))
        {
            await each(parse(reader));
        }
    }

    /// <summary>As <see cref="StreamAsync"/>, with each row's waiting-list position (1-based, within its queue;
    /// null when not queued). Positions and rows come from one read snapshot; only queued ids are held in memory.</summary>
    public async Task StreamWithPositionsAsync(Guid meetingId, RegistrationFilter filter, Func<RegistrationRow, int?, Task> each, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await db.BeginSnapshotAsync(c, ct);
        var positions = (await c.QueryAsync<(string Id, long Position)>(new CommandDefinition(PositionsSql, new { MeetingId = meetingId.ToString() }, tx, cancellationToken: ct)))
            .ToDictionary(p => p.Id, p => (int)p.Position);
        await using var reader = await c.ExecuteReaderAsync(new CommandDefinition(RegistrationListQuery.For(filter), ListParams(meetingId, filter, 0, int.MaxValue), tx, cancellationToken: ct));
        var parse = reader.GetRowParser<RegistrationRow>();
        while (await reader.ReadAsync(ct))
        {
            var row = parse(reader);
            await each(row, positions.TryGetValue(row.Id, out var p) ? p : null);
        }
    }

    /// <summary>The meeting's counts per mode and its pending mode switches, from the counters the registration writer
    /// keeps in the same transactions as the rows (<see cref="RegistrationCounters"/>): one row read, however large the
    /// meeting (counting a million rows took 409 ms).</summary>
    public Task<(IReadOnlyDictionary<AttendanceMode, ModeCounts> Counts, int PendingSwitches)> SummaryAsync(Guid meetingId, CancellationToken ct) =>
        db.ReadAsync<(IReadOnlyDictionary<AttendanceMode, ModeCounts>, int)>(async c =>
        {
            var (counts, _) = await RegistrationCounters.LoadAsync(c, null, meetingId, ct);
            var byMode = Enum.GetValues<AttendanceMode>().ToDictionary(m => m, m =>
            {
                var t = counts[m];
                return new ModeCounts(t.Confirmed, t.Waitlisted, t.Cancelled, t.CheckedIn);
            });
            return (byMode, counts[AttendanceMode.InPerson].PendingSwitchesInto + counts[AttendanceMode.Online].PendingSwitchesInto);
        }, ct);

    private static object ListParams(Guid meetingId, RegistrationFilter f, long afterSeq, int limit) => new
    {
        MeetingId = meetingId.ToString(),
        HospitalId = f.HospitalId?.ToString(),
        f.ScopeKeyId,
        ScopeHospitalId = f.ScopeHospitalId?.ToString(),
        Search = string.IsNullOrWhiteSpace(f.Search) ? null : "%" + EscapeLike(f.Search.Trim()) + "%",
        AfterSeq = afterSeq,
        Limit = limit,
    };

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
