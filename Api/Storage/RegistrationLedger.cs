using System.Security.Cryptography;
using Dapper;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Domain.Common;
using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Registrations;
using Microsoft.Data.Sqlite;

namespace EventScheduler.Api.Storage;

/// <summary>A meeting's seat counts as of the current write transaction. The batched writer keeps one per
/// meeting for a whole batch, so a burst of sign-ups reads the counts once, not once per sign-up.</summary>
public sealed class MeetingSeats
{
    public required Meeting Meeting { get; init; }
    public int ConfirmedInPerson { get; set; }
    public int ConfirmedOnline { get; set; }
    public int QueuedInPerson { get; set; }
    public int QueuedOnline { get; set; }
    public long LastSeq { get; set; }

    /// <summary>Changed since last written to registration_counters.</summary>
    public bool Dirty { get; set; }

    public int Confirmed(AttendanceMode mode) => mode == AttendanceMode.InPerson ? ConfirmedInPerson : ConfirmedOnline;

    public int Queued(AttendanceMode mode) => mode == AttendanceMode.InPerson ? QueuedInPerson : QueuedOnline;

    public bool HasSeat(AttendanceMode mode) => Attendance.HasSeat(Attendance.Capacity(Meeting.Details, mode), Confirmed(mode));

    public void AddConfirmed(AttendanceMode mode, int delta)
    {
        if (mode == AttendanceMode.InPerson)
        {
            ConfirmedInPerson += delta;
        }
        else
        {
            ConfirmedOnline += delta;
        }
    }

    public void AddQueued(AttendanceMode mode, int delta)
    {
        if (mode == AttendanceMode.InPerson)
        {
            QueuedInPerson += delta;
        }
        else
        {
            QueuedOnline += delta;
        }
    }
}

/// <summary>Every registration write, on one connection and transaction: sign-up, promotion, cancel,
/// mode switch, check-in and the capacity rules of a meeting edit. The per-mode invariants
/// (confirmed &lt;= capacity; a free seat is never left while someone waits) hold at every commit.</summary>
public sealed class RegistrationLedger(SqliteConnection c, SqliteTransaction tx, TimeProvider time)
{
    private const string ConfirmedCountsSql = "SELECT mode AS Mode, COUNT(*) AS Count FROM registrations WHERE meeting_id = @Id AND status = 'confirmed' GROUP BY mode";

    private const string QueuedCountsSql = "SELECT queue_mode AS Mode, COUNT(*) AS Count FROM registrations WHERE meeting_id = @Id AND queue_mode IS NOT NULL GROUP BY queue_mode";

    private const string LastSeqSql = """
        SELECT MAX(COALESCE((SELECT MAX(seq) FROM registrations WHERE meeting_id = @Id), 0),
                   COALESCE((SELECT MAX(queue_seq) FROM registrations WHERE meeting_id = @Id AND queue_mode = 'in_person'), 0),
                   COALESCE((SELECT MAX(queue_seq) FROM registrations WHERE meeting_id = @Id AND queue_mode = 'online'), 0))
        """;

    private const string CountersSql = """
        SELECT confirmed_in_person AS ConfirmedInPerson, confirmed_online AS ConfirmedOnline, queued_in_person AS QueuedInPerson,
               queued_online AS QueuedOnline, last_seq AS LastSeq
        FROM registration_counters WHERE meeting_id = @Id
        """;

    private const string SaveCountersSql = """
        INSERT INTO registration_counters (meeting_id, confirmed_in_person, confirmed_online, queued_in_person, queued_online, last_seq)
        VALUES (@Id, @ConfirmedInPerson, @ConfirmedOnline, @QueuedInPerson, @QueuedOnline, @LastSeq)
        ON CONFLICT (meeting_id) DO UPDATE SET confirmed_in_person = excluded.confirmed_in_person,
            confirmed_online = excluded.confirmed_online, queued_in_person = excluded.queued_in_person,
            queued_online = excluded.queued_online, last_seq = excluded.last_seq
        """;

    private const string EmailTakenSql = "SELECT EXISTS (SELECT 1 FROM registrations WHERE meeting_id = @MeetingId AND email_normalised = @Email AND status <> 'cancelled')";

    private const string HospitalNameSql = "SELECT name FROM hospitals WHERE id = @Id";

    private const string FirstInQueueSql = RegistrationStore.Columns + """
         WHERE r.meeting_id = @MeetingId AND r.queue_mode = @Mode
         ORDER BY r.queue_seq
         LIMIT 1
        """;

    private const string ByIdSql = RegistrationStore.Columns + " WHERE r.id = @Id";

    private const string ByCodeSql = RegistrationStore.Columns + " WHERE r.meeting_id = @MeetingId AND r.check_in_code = @Code";

    private const string InsertSql = """
        INSERT INTO registrations (id, meeting_id, seq, full_name, email, email_normalised, phone, hospital_id, hospital_name,
            job_title, specialty, mode, status, queue_mode, queue_seq, check_in_code, checked_in_at, manage_token_hash,
            created_by_key_id, created_at, updated_at, version)
        VALUES (@Id, @MeetingId, @Seq, @FullName, @Email, @EmailNormalised, @Phone, @HospitalId, @HospitalName,
            @JobTitle, @Specialty, @Mode, @Status, @QueueMode, @QueueSeq, @CheckInCode, @CheckedInAt, @ManageTokenHash,
            @CreatedByKeyId, @CreatedAt, @UpdatedAt, @Version)
        """;

    private const string UpdateSql = """
        UPDATE registrations SET mode = @Mode, status = @Status, queue_mode = @QueueMode, queue_seq = @QueueSeq,
            check_in_code = @CheckInCode, checked_in_at = @CheckedInAt, updated_at = @UpdatedAt, version = @Version
        WHERE id = @Id AND version = @Version - 1
        """;

    private const string CodeAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    public const int CodeLength = 10;

    private readonly Dictionary<Guid, MeetingSeats> _seats = [];

    private readonly Dictionary<Guid, (int, int, int, int, long)> _checkpoint = [];

    /// <summary>When true (the batched writer), counts are written once by <see cref="FlushCountsAsync"/>
    /// at the end of the batch instead of by every command.</summary>
    public bool Batched { get; init; }

    /// <summary>Remembers the cached counts before a command, to restore them if its savepoint rolls back.</summary>
    public void Checkpoint()
    {
        _checkpoint.Clear();
        foreach (var (id, s) in _seats)
        {
            _checkpoint[id] = (s.ConfirmedInPerson, s.ConfirmedOnline, s.QueuedInPerson, s.QueuedOnline, s.LastSeq);
        }
    }

    /// <summary>Puts the cached counts back as they were at <see cref="Checkpoint"/>: the command's rows were rolled back.</summary>
    public void Restore()
    {
        foreach (var id in _seats.Keys.Where(id => !_checkpoint.ContainsKey(id)).ToList())
        {
            _seats.Remove(id);
        }

        foreach (var (id, (cip, co, qip, qo, last)) in _checkpoint)
        {
            var s = _seats[id];
            (s.ConfirmedInPerson, s.ConfirmedOnline, s.QueuedInPerson, s.QueuedOnline, s.LastSeq) = (cip, co, qip, qo, last);
        }
    }

    /// <summary>Writes the counts of every meeting the batch touched.</summary>
    public async Task FlushCountsAsync(CancellationToken ct)
    {
        foreach (var seats in _seats.Values.Where(s => s.Dirty))
        {
            await WriteCountsAsync(seats, ct);
        }
    }

    /// <summary>Now, at the millisecond precision instants are stored with, so responses match later reads.</summary>
    public DateTimeOffset Now() => Instants.FromMs(Instants.ToMs(time.GetUtcNow()));

    public async Task<MeetingSeats?> SeatsAsync(Guid meetingId, CancellationToken ct)
    {
        if (_seats.TryGetValue(meetingId, out var cached))
        {
            return cached;
        }

        var meeting = await MeetingStore.LoadAsync(c, tx, meetingId, ct);
        if (meeting is null)
        {
            return null;
        }

        var seats = await CountAsync(meeting, ct);
        _seats[meetingId] = seats;
        return seats;
    }

    /// <summary>Counts for a meeting object the caller already holds (e.g. the meeting being edited): the
    /// maintained counters, or a full count the first time.</summary>
    public async Task<MeetingSeats> CountAsync(Meeting meeting, CancellationToken ct)
    {
        var id = new { Id = meeting.Id.ToString() };
        var stored = await c.QuerySingleOrDefaultAsync<CountersRow>(new CommandDefinition(CountersSql, id, tx, cancellationToken: ct));
        if (stored is not null)
        {
            return new MeetingSeats
            {
                Meeting = meeting,
                ConfirmedInPerson = (int)stored.ConfirmedInPerson,
                ConfirmedOnline = (int)stored.ConfirmedOnline,
                QueuedInPerson = (int)stored.QueuedInPerson,
                QueuedOnline = (int)stored.QueuedOnline,
                LastSeq = stored.LastSeq,
            };
        }

        return await RecountAsync(meeting, ct);
    }

    /// <summary>Counts from the registrations themselves.</summary>
    public async Task<MeetingSeats> RecountAsync(Meeting meeting, CancellationToken ct)
    {
        var id = new { Id = meeting.Id.ToString() };
        var seats = new MeetingSeats { Meeting = meeting };
        foreach (var row in await c.QueryAsync<CountRow>(new CommandDefinition(ConfirmedCountsSql, id, tx, cancellationToken: ct)))
        {
            seats.AddConfirmed(EnumText.Parse<AttendanceMode>(row.Mode), (int)row.Count);
        }

        foreach (var row in await c.QueryAsync<CountRow>(new CommandDefinition(QueuedCountsSql, id, tx, cancellationToken: ct)))
        {
            seats.AddQueued(EnumText.Parse<AttendanceMode>(row.Mode), (int)row.Count);
        }

        seats.LastSeq = await c.ExecuteScalarAsync<long>(new CommandDefinition(LastSeqSql, id, tx, cancellationToken: ct));
        return seats;
    }

    public async Task<(Registration Registration, MeetingSeats Seats, int? Position)> SignUpAsync(
        Guid meetingId, Attendee attendee, AttendanceMode mode, string tokenHash, string? createdByKeyId, bool callerIsStaff, CancellationToken ct)
    {
        var seats = await SeatsAsync(meetingId, ct);
        if (seats is null || (!callerIsStaff && seats.Meeting.PublishedAt is null))
        {
            throw new NotFoundException("Meeting");
        }

        var now = Now();
        Attendance.EnsureOpen(seats.Meeting, now);
        Attendance.EnsureModeOffered(seats.Meeting, mode);
        if (attendee.HospitalId is { } hospitalId)
        {
            var name = await c.ExecuteScalarAsync<string?>(new CommandDefinition(HospitalNameSql, new { Id = hospitalId.ToString() }, tx, cancellationToken: ct))
                       ?? throw RuleViolation.Invalid(RegistrationRules.UnknownHospital, "No hospital with this 'hospitalId'.", "hospitalId");
            attendee = attendee.WithHospitalName(name);
        }

        if (await c.ExecuteScalarAsync<bool>(new CommandDefinition(EmailTakenSql, new { MeetingId = meetingId.ToString(), Email = attendee.EmailNormalised }, tx, cancellationToken: ct)))
        {
            // Deliberately vague: an anonymous caller learns nothing about the existing registration.
            throw RuleViolation.Conflict(RegistrationRules.AlreadyRegistered,
                "This e-mail address already has an active registration for this meeting. Use the manage link from that registration.");
        }

        var seatFree = seats.HasSeat(mode);
        var registration = Registration.SignUp(Guid.NewGuid(), meetingId, seats.LastSeq + 1, attendee, mode, seatFree, NewCheckInCode, createdByKeyId, now);
        await c.ExecuteAsync(new CommandDefinition(InsertSql, InsertParams(registration, tokenHash), tx, cancellationToken: ct));
        await RecordAsync(registration, "registration.created", ct);

        seats.LastSeq++;
        int? position = null;
        if (seatFree)
        {
            seats.AddConfirmed(mode, 1);
        }
        else
        {
            seats.AddQueued(mode, 1);
            position = seats.Queued(mode);
        }

        await SaveCountsAsync(seats, ct);
        return (registration, seats, position);
    }

    public async Task<(Registration Registration, string TokenHash)> LoadAsync(Guid id, RegistrationAccess access, CancellationToken ct)
    {
        var row = await c.QuerySingleOrDefaultAsync<RegistrationRow>(new CommandDefinition(ByIdSql, new { Id = id.ToString() }, tx, cancellationToken: ct))
                  ?? throw new NotFoundException("Registration");
        access.Check(row.ManageTokenHash, row.CreatedByKeyId, row.HospitalId);
        return (row.ToDomain(), row.ManageTokenHash);
    }

    public async Task<Registration> CancelAsync(Guid id, RegistrationAccess access, CancellationToken ct)
    {
        var (registration, _) = await LoadAsync(id, access, ct);
        var seats = await SeatsAsync(registration.MeetingId, ct) ?? throw new NotFoundException("Meeting");
        if (registration.Status == RegistrationStatus.Cancelled)
        {
            return registration;
        }

        var queue = registration.QueueMode;
        var released = registration.Cancel(Now());
        await SaveAsync(registration, "registration.cancelled", ct);
        if (queue is { } q)
        {
            seats.AddQueued(q, -1);
        }

        if (released is { } mode)
        {
            seats.AddConfirmed(mode, -1);
            await PromoteAsync(seats, mode, ct);
        }

        await SaveCountsAsync(seats, ct);
        return registration;
    }

    public async Task<Registration> SwitchModeAsync(Guid id, AttendanceMode target, RegistrationAccess access, CancellationToken ct)
    {
        var (registration, _) = await LoadAsync(id, access, ct);
        var seats = await SeatsAsync(registration.MeetingId, ct) ?? throw new NotFoundException("Meeting");
        var now = Now();
        if (registration.Status != RegistrationStatus.Cancelled)
        {
            Attendance.EnsureOpen(seats.Meeting, now);
            Attendance.EnsureModeOffered(seats.Meeting, target);
        }

        var wasConfirmed = registration.Status == RegistrationStatus.Confirmed;
        var outcome = registration.SwitchMode(target, seats.HasSeat(target), () => ++seats.LastSeq, NewCheckInCode, now);
        await SaveAsync(registration, "registration.mode_switched", ct);
        if (outcome.LeftQueue is { } left)
        {
            seats.AddQueued(left, -1);
        }

        if (outcome.JoinedQueue is { } joined)
        {
            seats.AddQueued(joined, 1);
        }

        if (registration.Status == RegistrationStatus.Confirmed && registration.Mode == target && (!wasConfirmed || outcome.ReleasedSeat is not null))
        {
            seats.AddConfirmed(target, 1);
        }

        if (outcome.ReleasedSeat is { } released)
        {
            seats.AddConfirmed(released, -1);
            await PromoteAsync(seats, released, ct);
        }

        await SaveCountsAsync(seats, ct);
        return registration;
    }

    public async Task<(Registration Registration, Meeting Meeting)> CheckInAsync(Guid meetingId, string code, CancellationToken ct)
    {
        var seats = await SeatsAsync(meetingId, ct) ?? throw new NotFoundException("Meeting");
        var row = await c.QuerySingleOrDefaultAsync<RegistrationRow>(new CommandDefinition(ByCodeSql,
                      new { MeetingId = meetingId.ToString(), Code = NormaliseCode(code) }, tx, cancellationToken: ct))
                  ?? throw new NotFoundException("Registration", "No registration of this meeting has this check-in code.");
        if (seats.Meeting.Status != MeetingStatus.Published)
        {
            throw RuleViolation.Conflict(RegistrationRules.MeetingNotOpen, $"The meeting is {seats.Meeting.Status.ToString().ToLowerInvariant()}.");
        }

        var registration = row.ToDomain();
        try
        {
            registration.CheckIn(Now());
        }
        catch (RuleViolation violation) when (violation.Extensions.TryGetValue("checkedInAt", out var at) && at is DateTimeOffset first)
        {
            // Like every time the API returns: in the meeting's own time zone.
            violation.Extensions["checkedInAt"] = Instants.InZone(first, seats.Meeting.Details.TimeZone);
            throw;
        }

        await SaveAsync(registration, "registration.checked_in", ct);
        return (registration, seats.Meeting);
    }

    /// <summary>Within a meeting edit: refuses capacities below the confirmed count, then fills seats the
    /// new capacities free, first come first served.</summary>
    public async Task ApplyCapacityAsync(Meeting edited, CancellationToken ct)
    {
        var seats = await CountAsync(edited, ct);
        foreach (var mode in new[] { AttendanceMode.InPerson, AttendanceMode.Online })
        {
            Attendance.EnsureFormatKeepsRegistrations(edited.Details.Format, mode, seats.Confirmed(mode) + seats.Queued(mode));
            Attendance.EnsureCapacityCovers(Attendance.Capacity(edited.Details, mode), seats.Confirmed(mode), mode);
        }

        foreach (var mode in new[] { AttendanceMode.InPerson, AttendanceMode.Online })
        {
            await PromoteAsync(seats, mode, ct);
        }

        if (seats.LastSeq > 0)
        {
            await SaveCountsAsync(seats, ct);
        }
    }

    /// <summary>Gives free seats of <paramref name="mode"/> to the head of its waiting list, one by one;
    /// an attendee promoted out of the other mode frees a seat there, which is passed on in turn.</summary>
    public async Task PromoteAsync(MeetingSeats seats, AttendanceMode mode, CancellationToken ct)
    {
        if (seats.Meeting.Status != MeetingStatus.Published)
        {
            return;
        }

        while (seats.HasSeat(mode) && seats.Queued(mode) > 0)
        {
            var row = await c.QuerySingleOrDefaultAsync<RegistrationRow>(new CommandDefinition(FirstInQueueSql,
                new { MeetingId = seats.Meeting.Id.ToString(), Mode = EnumText.ToText(mode) }, tx, cancellationToken: ct));
            if (row is null)
            {
                seats.AddQueued(mode, -seats.Queued(mode));
                return;
            }

            var registration = row.ToDomain();
            var released = registration.Promote(NewCheckInCode, Now());
            await SaveAsync(registration, "registration.promoted", ct);
            seats.AddQueued(mode, -1);
            seats.AddConfirmed(mode, 1);
            if (released is { } other)
            {
                seats.AddConfirmed(other, -1);
                await PromoteAsync(seats, other, ct);
            }
        }
    }

    /// <summary>Writes the counts back; every command that changes them calls this before it ends, so a
    /// later command (or a reload after a rolled-back one) reads them right.</summary>
    public Task SaveCountsAsync(MeetingSeats seats, CancellationToken ct)
    {
        if (Batched)
        {
            seats.Dirty = true;
            return Task.CompletedTask;
        }

        return WriteCountsAsync(seats, ct);
    }

    private Task WriteCountsAsync(MeetingSeats seats, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(SaveCountersSql, new
        {
            Id = seats.Meeting.Id.ToString(),
            seats.ConfirmedInPerson,
            seats.ConfirmedOnline,
            seats.QueuedInPerson,
            seats.QueuedOnline,
            seats.LastSeq,
        }, tx, cancellationToken: ct));

    /// <summary>Writes an Idempotency-Key record with the command's effect (same transaction, same savepoint).</summary>
    public Task KeepAsync(IdempotencyRecord record, CancellationToken ct) => record.WriteAsync(c, tx, ct);

    /// <summary>1-based place in the waiting list the registration is in, if any.</summary>
    public Task<int?> PositionAsync(Registration registration, CancellationToken ct) => RegistrationStore.PositionAsync(c, tx, registration, ct);

    public static string NormaliseCode(string code) => code.Trim().Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();

    public static string NewCheckInCode() => RandomNumberGenerator.GetString(CodeAlphabet, CodeLength);

    private async Task SaveAsync(Registration r, string eventType, CancellationToken ct)
    {
        var updated = await c.ExecuteAsync(new CommandDefinition(UpdateSql, new
        {
            Id = r.Id.ToString(),
            Mode = EnumText.ToText(r.Mode),
            Status = EnumText.ToText(r.Status),
            QueueMode = r.QueueMode is { } q ? EnumText.ToText(q) : null,
            r.QueueSeq,
            r.CheckInCode,
            CheckedInAt = Instants.ToMs(r.CheckedInAt),
            UpdatedAt = Instants.ToMs(r.UpdatedAt),
            r.Version,
        }, tx, cancellationToken: ct));
        if (updated != 1)
        {
            throw new InvalidOperationException("A registration changed under the write lock.");
        }

        await RecordAsync(r, eventType, ct);
    }

    private Task RecordAsync(Registration r, string eventType, CancellationToken ct) =>
        ChangeLog.RecordAsync(c, tx, new Change("registration", r.Id.ToString(), eventType, r.Version, r.MeetingId.ToString(),
            r.Attendee.HospitalId?.ToString(), RegistrationEvent.From(r)), r.UpdatedAt, ct);

    private static object InsertParams(Registration r, string tokenHash) => new
    {
        Id = r.Id.ToString(),
        MeetingId = r.MeetingId.ToString(),
        r.Seq,
        r.Attendee.FullName,
        r.Attendee.Email,
        r.Attendee.EmailNormalised,
        r.Attendee.Phone,
        HospitalId = r.Attendee.HospitalId?.ToString(),
        r.Attendee.HospitalName,
        r.Attendee.JobTitle,
        r.Attendee.Specialty,
        Mode = EnumText.ToText(r.Mode),
        Status = EnumText.ToText(r.Status),
        QueueMode = r.QueueMode is { } q ? EnumText.ToText(q) : null,
        r.QueueSeq,
        r.CheckInCode,
        CheckedInAt = Instants.ToMs(r.CheckedInAt),
        ManageTokenHash = tokenHash,
        r.CreatedByKeyId,
        CreatedAt = Instants.ToMs(r.CreatedAt),
        UpdatedAt = Instants.ToMs(r.UpdatedAt),
        r.Version,
    };

    private sealed class CountersRow
    {
        public long ConfirmedInPerson { get; init; }
        public long ConfirmedOnline { get; init; }
        public long QueuedInPerson { get; init; }
        public long QueuedOnline { get; init; }
        public long LastSeq { get; init; }
    }

    private sealed class CountRow
    {
        public string Mode { get; init; } = "";
        public long Count { get; init; }
    }
}

/// <summary>The change-feed snapshot of a registration: no e-mail, phone, token or check-in code, since
/// webhook subscribers and scoped integration keys read it.</summary>
public sealed record RegistrationEvent(Guid Id, Guid MeetingId, string FullName, Guid? HospitalId, string? HospitalName, string JobTitle,
    string Specialty, AttendanceMode Mode, RegistrationStatus Status, AttendanceMode? RequestedMode, DateTimeOffset? CheckedInAt, int Version)
{
    public static RegistrationEvent From(Registration r) => new(r.Id, r.MeetingId, r.Attendee.FullName, r.Attendee.HospitalId,
        r.Attendee.HospitalName, r.Attendee.JobTitle, r.Attendee.Specialty, r.Mode, r.Status,
        r.HasPendingSwitch ? r.QueueMode : null, r.CheckedInAt, r.Version);
}
