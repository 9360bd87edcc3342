using System.Data.Common;
using Dapper;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Domain.Cme;
using EventScheduler.Domain.Programme;

namespace EventScheduler.Api.Storage;

/// <summary>A registration as the CME views need it (no contact data).</summary>
public sealed class AttendeeRow
{
    public string Id { get; init; } = "";
    public string MeetingId { get; init; } = "";
    public long Seq { get; init; }
    public string FullName { get; init; } = "";
    public string? HospitalId { get; init; }
    public string? HospitalName { get; init; }
    public string JobTitle { get; init; } = "";
    public string Mode { get; init; } = "";
    public string Status { get; init; } = "";
    public long? CheckedInAt { get; init; }
    public string ManageTokenHash { get; init; } = "";
    public string? CreatedByKeyId { get; init; }

    public Guid RegistrationId => Guid.Parse(Id);
}

/// <summary>A programme item with what the credit policy needs to know of it.</summary>
public sealed class SlotWindowRow
{
    public string Id { get; init; } = "";
    public string Kind { get; init; } = "";
    public string Title { get; init; } = "";
    public long StartsAt { get; init; }
    public long EndsAt { get; init; }
    public string LiveStatus { get; init; } = "";
    public long? Accredited { get; init; }
    public long? WentLiveAt { get; init; }
    public long? EndedAt { get; init; }

    public bool IsAccredited => Accredited is { } a ? a == 1 : SlotWindows.AccreditedByDefault(EnumText.Parse<SlotKind>(Kind));

    public TimeRange? Window => SlotWindows.Actual(At(StartsAt), At(EndsAt), EnumText.Parse<LiveStatus>(LiveStatus),
        WentLiveAt is { } l ? At(l) : null, EndedAt is { } e ? At(e) : null);

    private static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}

/// <summary>Shared reads of the attendance ledger: who attends a meeting, its accredited slots and each
/// registration's evidence. Static over a connection, so reads and the certificate issue's transaction
/// see the same rows.</summary>
public static class AttendanceRecords
{
    public const string AttendeeColumns = """
        SELECT r.id, r.meeting_id AS MeetingId, r.seq, r.full_name AS FullName, r.hospital_id AS HospitalId, r.hospital_name AS HospitalName,
               r.job_title AS JobTitle, r.mode, r.status, r.checked_in_at AS CheckedInAt, r.manage_token_hash AS ManageTokenHash,
               r.created_by_key_id AS CreatedByKeyId
        FROM registrations r
        """;

    // Confirmed registrations, and any other that left evidence (e.g. cancelled after attending).
    private const string AttendeesSql = AttendeeColumns + """
         WHERE r.meeting_id = @MeetingId
           AND (r.status = 'confirmed' OR r.checked_in_at IS NOT NULL
                OR EXISTS (SELECT 1 FROM attendance_evidence e WHERE e.registration_id = r.id)
                OR EXISTS (SELECT 1 FROM attendance_heartbeats h WHERE h.registration_id = r.id))
           AND (@ScopeKeyId IS NULL OR r.created_by_key_id = @ScopeKeyId OR r.hospital_id = @ScopeHospitalId)
           AND r.seq > @AfterSeq
         ORDER BY r.seq
         LIMIT @Limit
        """;

    private const string AttendeeByIdSql = AttendeeColumns + " WHERE r.id = @Id";

    private const string SlotsSql = """
        SELECT s.id, s.kind, s.title, s.starts_at AS StartsAt, s.ends_at AS EndsAt, s.live_status AS LiveStatus, s.accredited,
               (SELECT MIN(h.occurred_at) FROM slot_status_history h WHERE h.slot_id = s.id AND h.to_status = 'live') AS WentLiveAt,
               (SELECT MIN(h.occurred_at) FROM slot_status_history h WHERE h.slot_id = s.id AND h.to_status IN ('completed', 'cancelled')) AS EndedAt
        FROM slots s WHERE s.meeting_id = @MeetingId
        ORDER BY s.starts_at, s.id
        """;

    private const string EvidenceSql = """
        SELECT registration_id AS RegistrationId, kind, slot_id AS SlotId, occurred_at AS OccurredAt, minutes, reason, method, recorded_by AS RecordedBy
        FROM attendance_evidence WHERE registration_id IN (SELECT value FROM json_each(@Ids))
        """;

    private const string HeartbeatsSql = "SELECT registration_id AS RegistrationId, at FROM attendance_heartbeats WHERE registration_id IN (SELECT value FROM json_each(@Ids))";

    public static async Task<IReadOnlyList<AttendeeRow>> AttendeesAsync(DbConnection c, DbTransaction? tx, Guid meetingId, string? scopeKeyId,
        Guid? scopeHospitalId, long afterSeq, int limit, CancellationToken ct) =>
        (await c.QueryAsync<AttendeeRow>(new CommandDefinition(AttendeesSql, new
        {
            MeetingId = meetingId.ToString(),
            ScopeKeyId = scopeKeyId,
            ScopeHospitalId = scopeHospitalId?.ToString(),
            AfterSeq = afterSeq,
            Limit = limit,
        }, tx, cancellationToken: ct))).AsList();

    public static Task<AttendeeRow?> AttendeeAsync(DbConnection c, DbTransaction? tx, Guid registrationId, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<AttendeeRow>(new CommandDefinition(AttendeeByIdSql, new { Id = registrationId.ToString() }, tx, cancellationToken: ct));

    public static async Task<IReadOnlyList<SlotWindowRow>> SlotsAsync(DbConnection c, DbTransaction? tx, Guid meetingId, CancellationToken ct) =>
        (await c.QueryAsync<SlotWindowRow>(new CommandDefinition(SlotsSql, new { MeetingId = meetingId.ToString() }, tx, cancellationToken: ct))).AsList();

    /// <summary>The accredited slots that were held, with their actual windows.</summary>
    public static IReadOnlyList<AccreditedSlot> Accredited(IEnumerable<SlotWindowRow> slots) =>
        slots.Where(s => s.IsAccredited && s.Window is not null).Select(s => new AccreditedSlot(Guid.Parse(s.Id), s.Window!.Value)).ToList();

    /// <summary>Every ledger entry of the given registrations, their check-ins and heartbeats included.</summary>
    public static async Task<IReadOnlyDictionary<Guid, List<EvidenceEntry>>> EvidenceAsync(DbConnection c, DbTransaction? tx,
        IReadOnlyList<AttendeeRow> attendees, CancellationToken ct, bool includeHeartbeats = true)
    {
        var byId = attendees.ToDictionary(a => a.RegistrationId, a => a.CheckedInAt is { } at
            ? new List<EvidenceEntry> { EvidenceEntry.CheckIn(a.RegistrationId, DateTimeOffset.FromUnixTimeMilliseconds(at)) }
            : []);
        foreach (var chunk in attendees.Select(a => a.Id).Chunk(500))
        {
            var rows = await c.QueryAsync<EvidenceRow>(new CommandDefinition(EvidenceSql, new { Ids = SqlList.Json(chunk) }, tx, cancellationToken: ct));
            foreach (var row in rows)
            {
                byId[Guid.Parse(row.RegistrationId)].Add(row.ToEntry());
            }

            if (!includeHeartbeats)
            {
                continue;
            }

            var beats = await c.QueryAsync<(string RegistrationId, long At)>(new CommandDefinition(HeartbeatsSql, new { Ids = SqlList.Json(chunk) }, tx, cancellationToken: ct));
            foreach (var (registrationId, at) in beats)
            {
                var id = Guid.Parse(registrationId);
                byId[id].Add(EvidenceEntry.Heartbeat(id, DateTimeOffset.FromUnixTimeMilliseconds(at)));
            }
        }

        return byId;
    }

    private sealed class EvidenceRow
    {
        public string RegistrationId { get; init; } = "";
        public string Kind { get; init; } = "";
        public string? SlotId { get; init; }
        public long OccurredAt { get; init; }
        public long? Minutes { get; init; }
        public string? Reason { get; init; }
        public string Method { get; init; } = "";
        public string? RecordedBy { get; init; }

        public EvidenceEntry ToEntry() => EvidenceEntry.Restore(Guid.Parse(RegistrationId), EnumText.Parse<EvidenceKind>(Kind),
            DateTimeOffset.FromUnixTimeMilliseconds(OccurredAt), SlotId is null ? null : Guid.Parse(SlotId), (int?)Minutes, Reason,
            EnumText.Parse<EvidenceMethod>(Method), RecordedBy);
    }
}
