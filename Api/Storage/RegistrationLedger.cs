using Dapper;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Registrations;
using System.Data.Common;

namespace EventScheduler.Api.Storage;

/// <summary>The registration writer's unit of work for one batch: it loads what a command needs (a meeting's
/// <see cref="MeetingSeats"/>, registrations, whether an e-mail is taken) and saves what the domain decided
/// (<see cref="SaveAsync"/>), all on the batch's transaction. It decides nothing itself. Per meeting the seats
/// are loaded once per batch; counts, Idempotency-Key records and the events' side records are written once,
/// at the end of the batch (<see cref="FlushAsync"/>). A command that fails is undone alone (its rows by a
/// savepoint, its buffered records and counts in memory). A sign-up, whose only row is its new registration, needs
/// no savepoint: the row is written when the command ends, in one statement that succeeds or fails whole. Every
/// statement the hot path runs is prepared once per batch (<see cref="BatchStatements"/>).</summary>
public sealed class RegistrationLedger : IDisposable
{
    private const string ByIdSql = RegistrationStore.Columns + " WHERE r.id = @Id";

    private const string ByCodeSql = RegistrationStore.Columns + " WHERE r.meeting_id = @MeetingId AND r.check_in_code = @Code";

    private const string ActiveSql = RegistrationStore.Columns + """
         WHERE r.meeting_id = @MeetingId AND r.status IN ('confirmed', 'waitlisted')
         ORDER BY r.seq
         LIMIT @Limit
        """;

    private const string EmailTakenSql = "SELECT EXISTS (SELECT 1 FROM registrations WHERE meeting_id = @MeetingId AND email_normalised = @Email AND status <> 'cancelled')";

    private const string HospitalNameSql = "SELECT name FROM hospitals WHERE id = @Id";

    private const string InsertSql = """
        INSERT INTO registrations (id, meeting_id, seq, full_name, email, email_normalised, phone, hospital_id, hospital_name,
            job_title, specialty, mode, status, queue_mode, queue_seq, check_in_code, checked_in_at, manage_token_hash,
            created_by_key_id, created_at, updated_at, version, cancellation_reason, language)
        VALUES (@Id, @MeetingId, @Seq, @FullName, @Email, @EmailNormalised, @Phone, @HospitalId, @HospitalName,
            @JobTitle, @Specialty, @Mode, @Status, @QueueMode, @QueueSeq, @CheckInCode, @CheckedInAt, @ManageTokenHash,
            @CreatedByKeyId, @CreatedAt, @UpdatedAt, @Version, @CancellationReason, @Language)
        """;

    // The version predicate: the row must still be the one the domain decided from.
    private const string UpdateSql = """
        UPDATE registrations SET mode = @Mode, status = @Status, queue_mode = @QueueMode, queue_seq = @QueueSeq,
            check_in_code = @CheckInCode, checked_in_at = @CheckedInAt, updated_at = @UpdatedAt, version = @Version,
            cancellation_reason = @CancellationReason
        WHERE id = @Id AND version = @BeforeVersion
        """;

    // The key's answer, or else a live claim of a request of another kind (a claim row: the writer's own commands
    // claim nothing, see ClaimKeyAsync). Answer first, as every look at a key does.
    private const string KeySql = """
        SELECT 0, fingerprint, status, location, body, created_at FROM idempotency_keys
         WHERE scope = @Scope AND key = @StoredKey AND created_at >= @FreshSince
        UNION ALL
        SELECT 1, fingerprint, 0, NULL, NULL, 0 FROM idempotency_claims
         WHERE scope = @Scope AND key = @StoredKey AND expires_at >= @Now AND owner <> @Owner
        ORDER BY 1
        LIMIT 1
        """;

    private static readonly string[] KeyNames = ["Scope", "StoredKey", "FreshSince", "Now", "Owner"];

    private const string Savepoint = "command";

    private static readonly string[] InsertNames =
    [
        "Id", "MeetingId", "Seq", "FullName", "Email", "EmailNormalised", "Phone", "HospitalId", "HospitalName", "JobTitle", "Specialty",
        "Mode", "Status", "QueueMode", "QueueSeq", "CheckInCode", "CheckedInAt", "ManageTokenHash", "CreatedByKeyId", "CreatedAt",
        "UpdatedAt", "Version", "CancellationReason", "Language",
    ];

    private static readonly string[] UpdateNames =
        ["Id", "Mode", "Status", "QueueMode", "QueueSeq", "CheckInCode", "CheckedInAt", "UpdatedAt", "Version", "BeforeVersion", "CancellationReason"];

    private static readonly string[] EmailTakenNames = ["MeetingId", "Email"];

    private readonly DbConnection _c;
    private readonly DbTransaction _tx;
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<IRegistrationEventRecorder> _recorders;
    private readonly BatchStatements _statements;
    private readonly Dictionary<Guid, Seats> _seats = [];
    private readonly List<RegistrationEvent> _events = [];
    private System.Diagnostics.ActivityContext _origin;
    private readonly List<IdempotencyRecord> _records = [];
    private readonly List<IRegistrationCommand> _followUps = [];
    private int _followUpMark;
    private readonly Dictionary<Guid, (Meeting Meeting, SeatCounts Counts, long LastSeq)> _checkpoint = [];
    private (int Events, int Records) _mark;
    private bool _savepointOpen;

    // The current command's new registration, not yet written (see SaveAsync).
    private (Registration Registration, string TokenHash)? _pendingInsert;

    internal RegistrationLedger(SqlDialect dialect, DbConnection c, DbTransaction tx, TimeProvider time, IReadOnlyList<IRegistrationEventRecorder> recorders)
    {
        _c = c;
        _tx = tx;
        _time = time;
        _recorders = recorders;
        _statements = new BatchStatements(dialect, c, tx);
    }

    /// <summary>Set when a command changed a meeting (an edit, a cancellation): the writer then tells read caches.</summary>
    internal bool ChangedMeetings { get; private set; }

    /// <summary>Now, at the millisecond precision instants are stored with, so responses match later reads.</summary>
    public DateTimeOffset Now() => Instants.FromMs(Instants.ToMs(_time.GetUtcNow()));

    /// <summary>The meeting with its counts, loaded once per batch; null when there is no such meeting.</summary>
    public async Task<MeetingSeats?> SeatsAsync(Guid meetingId, CancellationToken ct)
    {
        if (_seats.TryGetValue(meetingId, out var cached))
        {
            return cached.Policy;
        }

        var meeting = await MeetingStore.LoadAsync(_c, _tx, meetingId, ct);
        if (meeting is null)
        {
            return null;
        }

        var (counts, lastSeq) = await RegistrationCounters.LoadAsync(_c, _tx, meetingId, ct);
        return Cache(meeting, counts, lastSeq).Policy;
    }

    /// <summary>The registration with this id, if <paramref name="access"/> may touch it; else <see cref="NotFoundException"/>.</summary>
    public async Task<Registration> FindAsync(Guid id, RegistrationAccess access, CancellationToken ct)
    {
        await SettlePendingAsync(ct);
        var row = await _c.QuerySingleOrDefaultAsync<RegistrationRow>(new CommandDefinition(ByIdSql, new { Id = id.ToString() }, _tx, cancellationToken: ct));
        access.CheckFound(row?.ManageTokenHash, row?.CreatedByKeyId, row?.HospitalId);
        return row!.ToDomain();
    }

    /// <summary>The registration of <paramref name="meetingId"/> holding this check-in code (normalised), if any.</summary>
    public async Task<Registration?> FindByCodeAsync(Guid meetingId, string code, CancellationToken ct)
    {
        await SettlePendingAsync(ct);
        return (await _c.QuerySingleOrDefaultAsync<RegistrationRow>(new CommandDefinition(ByCodeSql,
            new { MeetingId = meetingId.ToString(), Code = RegistrationCheckInCodes.Normalise(code) }, _tx, cancellationToken: ct)))?.ToDomain();
    }

    /// <summary>Up to <paramref name="limit"/> active (confirmed or waitlisted) registrations, in arrival order.</summary>
    public async Task<IReadOnlyList<Registration>> ActiveAsync(Guid meetingId, int limit, CancellationToken ct)
    {
        await SettlePendingAsync(ct);
        return (await _c.QueryAsync<RegistrationRow>(new CommandDefinition(ActiveSql, new { MeetingId = meetingId.ToString(), Limit = limit }, _tx, cancellationToken: ct)))
            .Select(r => r.ToDomain()).ToList();
    }

    public async Task<bool> EmailTakenAsync(Guid meetingId, string emailNormalised, CancellationToken ct)
    {
        await SettlePendingAsync(ct);
        var statement = _statements.Get(EmailTakenSql, EmailTakenNames);
        statement.BindAll(meetingId.ToString(), emailNormalised);
        return Convert.ToInt64(await statement.ScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    /// <summary>The registered name of an alliance hospital; null when there is none with this id.</summary>
    public Task<string?> HospitalNameAsync(Guid hospitalId, CancellationToken ct) =>
        _c.ExecuteScalarAsync<string?>(new CommandDefinition(HospitalNameSql, new { Id = hospitalId.ToString() }, _tx, cancellationToken: ct));

    /// <summary>1-based place in the waiting list the registration is in, if any (counted from the stored list).</summary>
    public async Task<int?> PositionAsync(Registration registration, CancellationToken ct)
    {
        await SettlePendingAsync(ct);
        return await RegistrationStore.PositionAsync(_c, _tx, registration, ct);
    }

    /// <summary>Saves what the domain decided: inserts new registrations (with <paramref name="newTokenHash"/>, the
    /// hash of a sign-up's manage token), updates changed ones, and queues one event per change for the side records.</summary>
    public async Task SaveAsync(MeetingSeats seats, IReadOnlyList<RegistrationChange> changes, CancellationToken ct, string? newTokenHash = null)
    {
        if (changes.Count == 0)
        {
            return;
        }

        if (changes is [{ IsNew: true } only] && !_savepointOpen && _pendingInsert is null)
        {
            // A sign-up: its one row waits for the end of the command (EndCommandAsync), so no savepoint is needed.
            _pendingInsert = (only.Registration, newTokenHash ?? throw new ArgumentNullException(nameof(newTokenHash)));
            _events.Add(new RegistrationEvent(only, seats.Meeting, only.Registration.UpdatedAt) { Origin = _origin });
            return;
        }

        await SettlePendingAsync(ct);
        OpenSavepoint();
        foreach (var change in changes)
        {
            var r = change.Registration;
            if (change.IsNew)
            {
                await InsertAsync(r, newTokenHash ?? throw new ArgumentNullException(nameof(newTokenHash)), ct);
            }
            else if (await UpdateAsync(r, change.BeforeVersion, ct) != 1)
            {
                throw new InvalidOperationException("A registration changed under the write lock.");
            }

            _events.Add(new RegistrationEvent(change, seats.Meeting, change.Registration.UpdatedAt) { Origin = _origin });
        }
    }

    /// <summary>Before a command with an Idempotency-Key runs: the key is free, or <see cref="IdempotencyKeyUsedException"/>
    /// (with the answer of the request that used it: of this batch, or committed by any process) or
    /// <see cref="IdempotencyKeyInFlightException"/>. This is the writer's claim, and it needs no row of its own: the
    /// batch holds the write lock from this check to its commit, and the command's record commits with its effect, so
    /// every process's later look at the key finds the record, and none can find the key free in between. No extra
    /// transaction or fsync per sign-up; one indexed lookup.</summary>
    public async Task ClaimKeyAsync(IdempotencyKeyRef key, CancellationToken ct)
    {
        foreach (var kept in _records)
        {
            if (kept.Scope == key.Scope && kept.StoredKey == key.StoredKey)
            {
                throw new IdempotencyKeyUsedException(kept);
            }
        }

        var statement = _statements.Get(KeySql, KeyNames);
        statement.BindAll(key.Scope, key.StoredKey, key.FreshSinceMs, Instants.ToMs(_time.GetUtcNow()), key.Owner ?? "");
        if (await statement.FirstRowAsync(ct) is not { } row)
        {
            return;
        }

        // Convert: the providers type the literal and integer columns differently (SQLite INTEGER, PostgreSQL int4/BIGINT).
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        if (Convert.ToInt64(row[0], invariant) == 1)
        {
            throw new IdempotencyKeyInFlightException();
        }

        throw new IdempotencyKeyUsedException(new IdempotencyRecord(key.Scope, key.StoredKey, (string)row[1]!, Convert.ToInt32(row[2], invariant),
            (string?)row[3], (byte[])row[4]!, Convert.ToInt64(row[5], invariant)));
    }

    /// <summary>Whether CME evidence or a certificate names the registration (what <see cref="PersonalDataPolicy.ScopeFor"/> asks).</summary>
    public async Task<(bool HasEvidence, bool HasCertificate)> CmeRecordsAsync(Guid registrationId, CancellationToken ct)
    {
        await SettlePendingAsync(ct);
        return await RegistrationErasure.CmeRecordsAsync(_c, _tx, registrationId, ct);
    }

    /// <summary>Up to <paramref name="limit"/> registrations of the meeting whose personal data are not erased yet.</summary>
    public async Task<IReadOnlyList<Registration>> UnerasedAsync(Guid meetingId, int limit, CancellationToken ct)
    {
        await SettlePendingAsync(ct);
        return await RegistrationErasure.UnerasedAsync(_c, _tx, meetingId, limit, ct);
    }

    /// <summary>Saves erasures the domain made (<see cref="Registration.Erase"/>): each row, the copies of its data and
    /// its <c>registration.erased</c> event, then the stored responses of all of them in one pass.</summary>
    public async Task SaveErasuresAsync(IReadOnlyList<(Registration Erased, Attendee Before, int BeforeVersion)> erasures, string reason, CancellationToken ct)
    {
        if (erasures.Count == 0)
        {
            return;
        }

        // Earlier commands' events first, so the change feed keeps commit order around the erasure events.
        await WriteRecordsAsync(_mark.Events, _mark.Records, ct);
        await SettlePendingAsync(ct);
        OpenSavepoint();
        foreach (var (erased, before, beforeVersion) in erasures)
        {
            await RegistrationErasure.ApplyAsync(_c, _tx, before, beforeVersion, erased, reason, ct);
        }

        await RegistrationErasure.PurgeStoredResponsesAsync(_c, _tx, erasures.Select(e => e.Erased.Id).ToList(), ct);
    }

    /// <summary>The retention job has erased every registration of the meeting.</summary>
    public async Task MarkMeetingErasedAsync(Guid meetingId, CancellationToken ct)
    {
        await SettlePendingAsync(ct);
        OpenSavepoint();
        await RegistrationErasure.MarkMeetingDoneAsync(_c, _tx, meetingId, Now(), ct);
    }

    /// <summary>Keeps an Idempotency-Key record with the command's effect (written with the batch).</summary>
    public Task KeepAsync(IdempotencyRecord record, CancellationToken ct)
    {
        _records.Add(record);
        return Task.CompletedTask;
    }

    /// <summary>Queues <paramref name="command"/> to run after this batch commits (e.g. the next chunk of a cascade);
    /// dropped if the current command is undone.</summary>
    public void FollowUp(IRegistrationCommand command) => _followUps.Add(command);

    /// <summary>The follow-ups of the batch's commands that succeeded.</summary>
    internal IReadOnlyList<IRegistrationCommand> FollowUps => _followUps;

    /// <summary>Runs another store's write that must commit with this command's seat changes (a meeting edit or
    /// cancellation, through <see cref="MeetingStore"/>), on the batch's transaction.</summary>
    public async Task<T> WithMeetingWriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken ct)
    {
        // Earlier commands' records first (outside this command's savepoint), so the change feed keeps commit
        // order around the meeting's own event.
        await WriteRecordsAsync(_mark.Events, _mark.Records, ct);
        await SettlePendingAsync(ct);
        OpenSavepoint();
        ChangedMeetings = true;
        return await write(_c, _tx);
    }

    /// <param name="origin">The trace context of the request that sent the command (<see cref="IRegistrationCommand.Origin"/>).</param>
    internal void BeginCommand(System.Diagnostics.ActivityContext origin = default)
    {
        _origin = origin;
        // Reused, not rebuilt: this runs once per command.
        _checkpoint.Clear();
        foreach (var (id, seats) in _seats)
        {
            _checkpoint[id] = (seats.Policy.Meeting, seats.Policy.Counts.Copy(), seats.Policy.LastSeq);
        }

        _mark = (_events.Count, _records.Count);
        _followUpMark = _followUps.Count;
        _savepointOpen = false;
        _pendingInsert = null;
    }

    /// <summary>The command succeeded: writes its pending row (a failure here undoes the command alone, see
    /// <see cref="AbandonCommand"/>) and keeps its savepoint's work.</summary>
    internal async Task EndCommandAsync(CancellationToken ct)
    {
        if (_pendingInsert is { } pending)
        {
            await InsertAsync(pending.Registration, pending.TokenHash, ct);
            _pendingInsert = null;
        }

        if (_savepointOpen)
        {
            _tx.Release(Savepoint);
            _savepointOpen = false;
        }
    }

    /// <summary>Undoes the command: its rows (savepoint), its queued events and records, and the counts it moved.
    /// False when its statements could not be undone alone: it failed in the database with no savepoint around it, on a
    /// provider where an error aborts the whole transaction (<see cref="SqlDialect.ErrorAbortsTransaction"/>).</summary>
    internal bool AbandonCommand(Exception error, SqlDialect dialect)
    {
        _pendingInsert = null;
        var undone = true;
        if (_savepointOpen)
        {
            _tx.Rollback(Savepoint);
            _tx.Release(Savepoint);
            _savepointOpen = false;
        }
        else if (error is DbException && dialect.ErrorAbortsTransaction)
        {
            undone = false;
        }

        _events.RemoveRange(_mark.Events, _events.Count - _mark.Events);
        _records.RemoveRange(_mark.Records, _records.Count - _mark.Records);
        _followUps.RemoveRange(_followUpMark, _followUps.Count - _followUpMark);
        foreach (var id in _seats.Keys.Where(id => !_checkpoint.ContainsKey(id)).ToList())
        {
            _seats.Remove(id);
        }

        foreach (var (id, (meeting, counts, lastSeq)) in _checkpoint)
        {
            var loaded = _seats[id].Loaded;
            _seats[id] = new Seats(NewPolicy(meeting, counts, lastSeq), loaded);
        }

        return undone;
    }

    /// <summary>End of the batch: the counters of every meeting whose counts moved, the Idempotency-Key records
    /// and the side records of every event.</summary>
    internal async Task FlushAsync(CancellationToken ct)
    {
        await WriteRecordsAsync(_events.Count, _records.Count, ct);
        foreach (var (id, seats) in _seats)
        {
            var p = seats.Policy;
            if (p.LastSeq != seats.Loaded.LastSeq || p.Counts[AttendanceMode.InPerson] != seats.Loaded.Counts[AttendanceMode.InPerson]
                || p.Counts[AttendanceMode.Online] != seats.Loaded.Counts[AttendanceMode.Online])
            {
                await RegistrationCounters.SaveAsync(_c, _tx, id, p.Counts, p.LastSeq, ct);
            }
        }
    }

    /// <summary>Writes the first <paramref name="events"/> events' side records and <paramref name="records"/> records.</summary>
    private async Task WriteRecordsAsync(int events, int records, CancellationToken ct)
    {
        for (var i = 0; i < records; i++)
        {
            await _records[i].WriteAsync(_c, _tx, ct);
        }

        if (events > 0)
        {
            var written = _events.GetRange(0, events);
            foreach (var recorder in _recorders)
            {
                await recorder.RecordAsync(_statements, written, ct);
            }
        }

        _records.RemoveRange(0, records);
        _events.RemoveRange(0, events);
        _mark = (_mark.Events - events, _mark.Records - records);
    }

    /// <summary>Before anything reads registrations or writes more in the same command: the pending row goes in
    /// first, under the command's savepoint (so undoing the command still undoes it).</summary>
    private async Task SettlePendingAsync(CancellationToken ct)
    {
        if (_pendingInsert is { } pending)
        {
            OpenSavepoint();
            _pendingInsert = null;
            await InsertAsync(pending.Registration, pending.TokenHash, ct);
        }
    }

    private Task<int> InsertAsync(Registration r, string tokenHash, CancellationToken ct)
    {
        var statement = _statements.Get(InsertSql, InsertNames);
        statement.BindAll(r.Id.ToString(), r.MeetingId.ToString(), r.Seq, r.Attendee.FullName, r.Attendee.Email, r.Attendee.EmailNormalised,
            r.Attendee.Phone, r.Attendee.HospitalId?.ToString(), r.Attendee.HospitalName, r.Attendee.JobTitle, r.Attendee.Specialty,
            EnumText.ToText(r.Mode), EnumText.ToText(r.Status), r.QueueMode is { } q ? EnumText.ToText(q) : null, r.QueueSeq, r.CheckInCode,
            Instants.ToMs(r.CheckedInAt), tokenHash, r.CreatedByKeyId, Instants.ToMs(r.CreatedAt), Instants.ToMs(r.UpdatedAt), r.Version,
            r.CancellationReason is { } reason ? EnumText.ToText(reason) : null, r.Attendee.Language is { } language ? EnumText.ToText(language) : null);
        return statement.ExecuteAsync(ct);
    }

    private Task<int> UpdateAsync(Registration r, int beforeVersion, CancellationToken ct)
    {
        var statement = _statements.Get(UpdateSql, UpdateNames);
        statement.BindAll(r.Id.ToString(), EnumText.ToText(r.Mode), EnumText.ToText(r.Status), r.QueueMode is { } q ? EnumText.ToText(q) : null,
            r.QueueSeq, r.CheckInCode, Instants.ToMs(r.CheckedInAt), Instants.ToMs(r.UpdatedAt), r.Version, beforeVersion,
            r.CancellationReason is { } reason ? EnumText.ToText(reason) : null);
        return statement.ExecuteAsync(ct);
    }

    public void Dispose() => _statements.Dispose();

    private void OpenSavepoint()
    {
        if (!_savepointOpen)
        {
            _tx.Save(Savepoint);
            _savepointOpen = true;
        }
    }

    private Seats Cache(Meeting meeting, SeatCounts counts, long lastSeq)
    {
        var seats = new Seats(NewPolicy(meeting, counts.Copy(), lastSeq), (counts, lastSeq));
        _seats[meeting.Id] = seats;
        return seats;
    }

    private MeetingSeats NewPolicy(Meeting meeting, SeatCounts counts, long lastSeq) =>
        new(meeting, counts, lastSeq, new RegistrationWaitingLists(_c, _tx, meeting.Id), RegistrationCheckInCodes.New);

    /// <summary>A meeting's policy object and the counts it was loaded with (to know whether to write them back).</summary>
    private sealed record Seats(MeetingSeats Policy, (SeatCounts Counts, long LastSeq) Loaded);
}
