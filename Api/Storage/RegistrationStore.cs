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
               r.created_at AS CreatedAt, r.updated_at AS UpdatedAt, r.version, r.cancellation_reason AS CancellationReason, r.language
        FROM registrations r
        """;

    private const string ByIdSql = Columns + " WHERE r.id = @Id";

    private const string PositionSql = """
        SELECT COUNT(*) FROM registrations WHERE meeting_id = @MeetingId AND queue_mode = @Mode AND queue_seq <= @QueueSeq
        """;

    // Arrival order, keyset on seq. The search is a case-insensitive substring of name, hospital or e-mail.
    private const string ListSql = Columns + """
         WHERE r.meeting_id = @MeetingId
           AND (@Mode IS NULL OR r.mode = @Mode)
           AND (@Status IS NULL OR r.status = @Status)
           AND (@HospitalId IS NULL OR r.hospital_id = @HospitalId)
           AND (@ScopeKeyId IS NULL OR r.created_by_key_id = @ScopeKeyId OR r.hospital_id = @ScopeHospitalId)
           AND (@Search IS NULL OR r.full_name LIKE @Search ESCAPE '\' OR r.hospital_name LIKE @Search ESCAPE '\'
                OR r.email_normalised LIKE @Search ESCAPE '\')
           AND r.seq > @AfterSeq
         ORDER BY r.seq
         LIMIT @Limit
        """;

    // Waitlist positions for a page: rank within each queue.
    private const string PositionsSql = """
        SELECT id AS Id, ROW_NUMBER() OVER (PARTITION BY queue_mode ORDER BY queue_seq) AS Position
        FROM registrations WHERE meeting_id = @MeetingId AND queue_mode IS NOT NULL
        """;

    private const string SummarySql = """
        SELECT mode AS Mode,
               SUM(status = 'confirmed') AS Confirmed,
               SUM(status = 'waitlisted') AS Waitlisted,
               SUM(status = 'cancelled') AS Cancelled,
               SUM(checked_in_at IS NOT NULL) AS CheckedIn
        FROM registrations WHERE meeting_id = @MeetingId GROUP BY mode
        """;

    private const string PendingSwitchesSql = "SELECT COUNT(*) FROM registrations WHERE meeting_id = @MeetingId AND status = 'confirmed' AND queue_mode IS NOT NULL";

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
            var rows = (await c.QueryAsync<RegistrationRow>(new CommandDefinition(ListSql, ListParams(meetingId, filter, afterSeq, limit), tx, cancellationToken: ct))).AsList();
            if (!rows.Any(r => r.QueueMode is not null))
            {
                return rows.Select(r => (r, (int?)null)).ToList();
            }

            var positions = (await c.QueryAsync<(string Id, long Position)>(new CommandDefinition(PositionsSql, new { MeetingId = meetingId.ToString() }, tx, cancellationToken: ct)))
                .ToDictionary(p => p.Id, p => (int)p.Position);
            return rows.Select(r => (r, positions.TryGetValue(r.Id, out var p) ? p : (int?)null)).ToList();
        }, ct);

    /// <summary>Streams every matching row in arrival order without buffering the result set, so an
    /// export of 100,000 registrations holds one row at a time in memory.</summary>
    public async Task StreamAsync(Guid meetingId, RegistrationFilter filter, Func<RegistrationRow, Task> each, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var reader = await c.ExecuteReaderAsync(new CommandDefinition(ListSql, ListParams(meetingId, filter, 0, int.MaxValue), cancellationToken: ct));
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
        await using var reader = await c.ExecuteReaderAsync(new CommandDefinition(ListSql, ListParams(meetingId, filter, 0, int.MaxValue), tx, cancellationToken: ct));
        var parse = reader.GetRowParser<RegistrationRow>();
        while (await reader.ReadAsync(ct))
        {
            var row = parse(reader);
            await each(row, positions.TryGetValue(row.Id, out var p) ? p : null);
        }
    }

    public Task<(IReadOnlyDictionary<AttendanceMode, ModeCounts> Counts, int PendingSwitches)> SummaryAsync(Guid meetingId, CancellationToken ct) =>
        db.ReadAsync<(IReadOnlyDictionary<AttendanceMode, ModeCounts>, int)>(async c =>
        {
            var rows = await c.QueryAsync<SummaryRow>(new CommandDefinition(SummarySql, new { MeetingId = meetingId.ToString() }, cancellationToken: ct));
            var counts = rows.ToDictionary(r => EnumText.Parse<AttendanceMode>(r.Mode),
                r => new ModeCounts((int)r.Confirmed, (int)r.Waitlisted, (int)r.Cancelled, (int)r.CheckedIn));
            var pending = await c.ExecuteScalarAsync<int>(new CommandDefinition(PendingSwitchesSql, new { MeetingId = meetingId.ToString() }, cancellationToken: ct));
            return (counts, pending);
        }, ct);

    private static object ListParams(Guid meetingId, RegistrationFilter f, long afterSeq, int limit) => new
    {
        MeetingId = meetingId.ToString(),
        Mode = f.Mode is { } m ? EnumText.ToText(m) : null,
        Status = f.Status is { } s ? EnumText.ToText(s) : null,
        HospitalId = f.HospitalId?.ToString(),
        f.ScopeKeyId,
        ScopeHospitalId = f.ScopeHospitalId?.ToString(),
        Search = string.IsNullOrWhiteSpace(f.Search) ? null : "%" + EscapeLike(f.Search.Trim()) + "%",
        AfterSeq = afterSeq,
        Limit = limit,
    };

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private sealed class SummaryRow
    {
        public string Mode { get; init; } = "";
        public long Confirmed { get; init; }
        public long Waitlisted { get; init; }
        public long Cancelled { get; init; }
        public long CheckedIn { get; init; }
    }
}
