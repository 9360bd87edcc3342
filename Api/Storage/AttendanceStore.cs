using System.Data.Common;
using Dapper;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Domain.Cme;
using EventScheduler.Domain.Common;
using EventScheduler.Domain.Meetings;

namespace EventScheduler.Api.Storage;

/// <summary>A ledger entry as appended, with its id and the attendee it is about.</summary>
public sealed record RecordedEvidence(Guid Id, AttendeeRow Attendee, EvidenceEntry Entry, Meeting Meeting);

/// <summary>A registration's ledger as recorded: entries (heartbeats summed up) and its meeting.</summary>
public sealed record RegistrationEvidence(AttendeeRow Attendee, Meeting Meeting, IReadOnlyList<EvidenceEntry> Entries, int HeartbeatCount,
    DateTimeOffset? FirstHeartbeatAt, DateTimeOffset? LastHeartbeatAt);

/// <summary>One registration with its assessment, as the attendance list and the report show it.</summary>
public sealed record AssessedAttendee(AttendeeRow Attendee, AttendanceAssessment Assessment, string? CertificateSerial);

/// <summary>The attendance ledger of a meeting: door scans and organiser corrections appended here (joins
/// and heartbeats through <see cref="AttendanceWriter"/>), and the assessed view of it.</summary>
public sealed class AttendanceStore(Database db)
{
    private const string ByCodeSql = AttendanceRecords.AttendeeColumns + " WHERE r.meeting_id = @MeetingId AND r.check_in_code = @Code";

    private const string SlotOfMeetingSql = "SELECT COUNT(*) FROM slots WHERE id = @SlotId AND meeting_id = @MeetingId";

    private const string InsertSql = """
        INSERT INTO attendance_evidence (id, meeting_id, registration_id, kind, slot_id, occurred_at, minutes, reason, method, recorded_by)
        VALUES (@Id, @MeetingId, @RegistrationId, @Kind, @SlotId, @OccurredAt, @Minutes, @Reason, @Method, @RecordedBy)
        """;

    private const string HeartbeatSummarySql = """
        SELECT COUNT(*) AS Count, MIN(at) AS FirstAt, MAX(at) AS LastAt FROM attendance_heartbeats WHERE registration_id = @Id
        """;

    private const string CertificatesSql = "SELECT registration_id AS RegistrationId, serial FROM certificates WHERE registration_id IN (SELECT value FROM json_each(@Ids))";

    /// <summary>A door scan by check-in code: the registration must be confirmed in person at a published meeting.</summary>
    public Task<RecordedEvidence> RecordScanAsync(Guid meetingId, string code, bool entering, Guid? slotId, string? keyId, DateTimeOffset now,
        CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var meeting = await MeetingStore.LoadAsync(c, tx, meetingId, ct) ?? throw new NotFoundException("Meeting");
            var attendee = await c.QuerySingleOrDefaultAsync<AttendeeRow>(new CommandDefinition(ByCodeSql,
                               new { MeetingId = meetingId.ToString(), Code = RegistrationCheckInCodes.Normalise(code) }, tx, cancellationToken: ct))
                           ?? throw new NotFoundException("Registration", "No registration of this meeting has this check-in code.");
            DoorScans.EnsureCanScan(meeting.Status, attendee.Status == "confirmed" && attendee.Mode == "in_person", slotId,
                await IsSlotOfMeetingAsync(c, tx, meetingId, slotId, ct));
            var entry = EvidenceEntry.Scan(attendee.RegistrationId, entering, slotId, now, keyId);
            return new RecordedEvidence(await AppendAsync(c, tx, meetingId, entry, ct), attendee, entry, meeting);
        }, ct);

    /// <summary>An organiser's correction of one slot's minutes for one registration.</summary>
    public Task<RecordedEvidence> RecordAdjustmentAsync(Guid registrationId, Guid slotId, int minutes, string? reason, string? keyId, DateTimeOffset now,
        CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var attendee = await AttendanceRecords.AttendeeAsync(c, tx, registrationId, ct) ?? throw new NotFoundException("Registration");
            var meetingId = Guid.Parse(attendee.MeetingId);
            var meeting = await MeetingStore.LoadAsync(c, tx, meetingId, ct) ?? throw new NotFoundException("Registration");
            var entry = EvidenceEntry.Adjustment(registrationId, slotId, minutes, reason, now, keyId);
            DoorScans.EnsureSlotOfMeeting(slotId, await IsSlotOfMeetingAsync(c, tx, meetingId, slotId, ct));
            return new RecordedEvidence(await AppendAsync(c, tx, meetingId, entry, ct), attendee, entry, meeting);
        }, ct);

    // Meetings as the join link and heartbeats read them (never changed by them): valid for the write generation
    // read before loading, so any committed meeting change (cancel, new times, new stream) is seen at once.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (long Generation, Meeting Meeting)> _meetings = new();

    /// <summary>A registration and its meeting, for the join link and heartbeats (which check the token and window
    /// themselves). The hot path of 10,000 viewers beating every minute: one indexed read, the meeting from memory.</summary>
    public Task<(AttendeeRow Attendee, Meeting Meeting)?> OnlineAttendeeAsync(Guid registrationId, CancellationToken ct) =>
        db.ReadAsync<(AttendeeRow, Meeting)?>(async c =>
        {
            var attendee = await AttendanceRecords.AttendeeAsync(c, null, registrationId, ct);
            if (attendee is null)
            {
                return null;
            }

            var generation = db.WriteGeneration;
            if (_meetings.TryGetValue(attendee.MeetingId, out var cached) && cached.Generation == generation)
            {
                return (attendee, cached.Meeting);
            }

            var meeting = await MeetingStore.LoadAsync(c, null, Guid.Parse(attendee.MeetingId), ct);
            if (meeting is null)
            {
                return null;
            }

            if (_meetings.Count > 1_000)
            {
                _meetings.Clear();
            }

            _meetings[attendee.MeetingId] = (generation, meeting);
            return (attendee, meeting);
        }, ct);

    /// <summary>Everything the ledger holds about one registration, for an audit.</summary>
    public Task<RegistrationEvidence?> EvidenceOfAsync(Guid registrationId, CancellationToken ct) =>
        db.ReadAsync<RegistrationEvidence?>(async c =>
        {
            await using var tx = await db.BeginSnapshotAsync(c, ct);
            var attendee = await AttendanceRecords.AttendeeAsync(c, tx, registrationId, ct);
            var meeting = attendee is null ? null : await MeetingStore.LoadAsync(c, tx, Guid.Parse(attendee.MeetingId), ct);
            if (attendee is null || meeting is null)
            {
                return null;
            }

            var entries = (await AttendanceRecords.EvidenceAsync(c, tx, [attendee], ct, includeHeartbeats: false))[attendee.RegistrationId];
            var beats = await c.QuerySingleAsync<(long Count, long? FirstAt, long? LastAt)>(new CommandDefinition(HeartbeatSummarySql,
                new { Id = attendee.Id }, tx, cancellationToken: ct));
            return new RegistrationEvidence(attendee, meeting, entries.OrderBy(e => e.OccurredAt).ThenBy(e => e.Kind).ToList(), (int)beats.Count,
                Instants.FromMs(beats.FirstAt), Instants.FromMs(beats.LastAt));
        }, ct);

    /// <summary>A page of the meeting's attendees in arrival order, each assessed by the credit policy.</summary>
    public Task<(IReadOnlyList<SlotWindowRow> Slots, IReadOnlyList<AssessedAttendee> Page)> AssessAsync(Guid meetingId, Accreditation? accreditation,
        string? scopeKeyId, Guid? scopeHospitalId, long afterSeq, int limit, CancellationToken ct) =>
        db.ReadAsync<(IReadOnlyList<SlotWindowRow>, IReadOnlyList<AssessedAttendee>)>(async c =>
        {
            // One read transaction (a WAL snapshot): slots, attendees and evidence agree while writers commit.
            await using var tx = await db.BeginSnapshotAsync(c, ct);
            var slots = await AttendanceRecords.SlotsAsync(c, tx, meetingId, ct);
            var attendees = await AttendanceRecords.AttendeesAsync(c, tx, meetingId, scopeKeyId, scopeHospitalId, afterSeq, limit, ct);
            return (slots, await AssessAsync(c, tx, accreditation, AttendanceRecords.Accredited(slots), attendees, ct));
        }, ct);

    public static async Task<IReadOnlyList<AssessedAttendee>> AssessAsync(DbConnection c, DbTransaction? tx, Accreditation? accreditation,
        IReadOnlyList<AccreditedSlot> slots, IReadOnlyList<AttendeeRow> attendees, CancellationToken ct)
    {
        var evidence = await AttendanceRecords.EvidenceAsync(c, tx, attendees, ct);
        var serials = new Dictionary<string, string>();
        foreach (var chunk in attendees.Select(a => a.Id).Chunk(500))
        {
            foreach (var (registrationId, serial) in await c.QueryAsync<(string, string)>(new CommandDefinition(CertificatesSql, new { Ids = SqlList.Json(chunk) }, tx, cancellationToken: ct)))
            {
                serials[registrationId] = serial;
            }
        }

        return attendees.Select(a => new AssessedAttendee(a, CreditPolicy.Assess(accreditation, slots, evidence[a.RegistrationId]),
            serials.GetValueOrDefault(a.Id))).ToList();
    }

    private static async Task<bool> IsSlotOfMeetingAsync(DbConnection c, DbTransaction tx, Guid meetingId, Guid? slotId, CancellationToken ct) =>
        slotId is { } id && await c.ExecuteScalarAsync<long>(new CommandDefinition(SlotOfMeetingSql,
            new { SlotId = id.ToString(), MeetingId = meetingId.ToString() }, tx, cancellationToken: ct)) > 0;

    private static async Task<Guid> AppendAsync(DbConnection c, DbTransaction tx, Guid meetingId, EvidenceEntry entry, CancellationToken ct)
    {
        // Time-ordered like every other id, so appends stay at the right-hand edge of the primary key.
        var id = Guid.CreateVersion7(entry.OccurredAt);
        await c.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            Id = id.ToString(),
            MeetingId = meetingId.ToString(),
            RegistrationId = entry.RegistrationId.ToString(),
            Kind = EnumText.ToText(entry.Kind),
            SlotId = entry.SlotId?.ToString(),
            OccurredAt = entry.OccurredAt.ToUnixTimeMilliseconds(),
            entry.Minutes,
            entry.Reason,
            Method = EnumText.ToText(entry.Method),
            entry.RecordedBy,
        }, tx, cancellationToken: ct));
        return id;
    }
}
