using System.Data.Common;
using Dapper;
using EventScheduler.Api.Infrastructure;

namespace EventScheduler.Api.Storage;

/// <summary>A message the worker has claimed.</summary>
public sealed class ClaimedMessage
{
    public long Id { get; init; }
    public string Kind { get; init; } = "";
    public string RegistrationId { get; init; } = "";
    public string MeetingId { get; init; } = "";
    public string? Payload { get; init; }
    public string? DedupeKey { get; init; }
    public long Attempts { get; init; }
    public long CreatedAt { get; init; }
    public long NotBefore { get; init; }

    /// <summary>The W3C traceparent of the work that recorded it; its delivery span is that work's child.</summary>
    public string? TraceParent { get; init; }
}

/// <summary>A message as organisers see it (GET /registrations/{id}/messages).</summary>
public sealed class MessageRow
{
    public long Id { get; init; }
    public string Kind { get; init; } = "";
    public string RegistrationId { get; init; } = "";
    public string MeetingId { get; init; } = "";
    public string State { get; init; } = "";
    public long Attempts { get; init; }
    public long CreatedAt { get; init; }
    public long DueAt { get; init; }
    public long? LastAttemptAt { get; init; }
    public string? LastError { get; init; }
    public string? Language { get; init; }
    public long? SentAt { get; init; }
}

/// <summary>The end of one attempt at one claimed message.</summary>
public enum MessageOutcome
{
    Sent,
    Retry,
    Failed,
    Skipped,
}

/// <summary>The mail worker's side of the outbox: claims (leases in the row, so several processes never take the
/// same message), the hand-over mark before a message goes to the SMTP server, outcomes, reminders, and the
/// organiser's view and retry. A row is claimed by setting claim_token and lease_until in one UPDATE whose WHERE
/// repeats the claimability test, so of two processes racing for it exactly one matches.</summary>
public sealed class EmailOutboxStore(Database db)
{
    private const string Claimable = "state = 'pending' AND due_at <= @Now AND (lease_until IS NULL OR lease_until < @Now)";

    private const string AnyDueSql = $"SELECT EXISTS (SELECT 1 FROM email_outbox WHERE {Claimable})";

    private const string ClaimSql = $"""
        UPDATE email_outbox SET claim_token = @Token, lease_until = @LeaseUntil
        WHERE id IN (SELECT id FROM email_outbox WHERE {Claimable} ORDER BY due_at, id LIMIT @Limit)
          AND {Claimable}
        RETURNING id, kind, registration_id AS RegistrationId, meeting_id AS MeetingId, payload, dedupe_key AS DedupeKey, attempts,
                  created_at AS CreatedAt, not_before AS NotBefore, trace_parent AS TraceParent
        """;

    // From here until the outcome is recorded the message may be at the SMTP server: a process that dies now
    // leaves it 'sending', and it is never sent again automatically (see RecoverInDoubtAsync).
    private const string HandOverSql = """
        UPDATE email_outbox SET state = 'sending', attempts = attempts + 1, last_attempt_at = @Now, language = @Language
        WHERE id = @Id AND claim_token = @Token AND state = 'pending'
        """;

    private const string ExtendLeaseSql = "UPDATE email_outbox SET lease_until = @LeaseUntil WHERE claim_token = @Token AND state IN ('pending', 'sending')";

    private const string SentSql = """
        UPDATE email_outbox SET state = 'sent', sent_at = @Now, last_error = NULL, claim_token = NULL, lease_until = NULL
        WHERE id = @Id AND claim_token = @Token
        """;

    private const string RetrySql = """
        UPDATE email_outbox SET state = 'pending', due_at = @DueAt, last_error = @Error, claim_token = NULL, lease_until = NULL,
            attempts = CASE WHEN state = 'sending' THEN attempts ELSE attempts + 1 END, last_attempt_at = @Now
        WHERE id = @Id AND claim_token = @Token
        """;

    private const string FailedSql = """
        UPDATE email_outbox SET state = 'failed', last_error = @Error, claim_token = NULL, lease_until = NULL,
            attempts = CASE WHEN state = 'sending' THEN attempts ELSE attempts + 1 END, last_attempt_at = @Now
        WHERE id = @Id AND claim_token = @Token
        RETURNING id, kind, registration_id AS RegistrationId, meeting_id AS MeetingId, attempts, last_error AS LastError
        """;

    private const string SkippedSql = """
        UPDATE email_outbox SET state = 'skipped', last_error = @Error, claim_token = NULL, lease_until = NULL
        WHERE id = @Id AND claim_token = @Token
        """;

    private const string ReleaseSql = "UPDATE email_outbox SET claim_token = NULL, lease_until = NULL WHERE claim_token = @Token AND state = 'pending'";

    private const string InDoubtSql = """
        UPDATE email_outbox SET state = 'failed', claim_token = NULL, lease_until = NULL,
            last_error = 'The process stopped while handing this message to the SMTP server, so it may or may not have been delivered. It is not sent again by itself, to avoid a duplicate; retry it to send it again.'
        WHERE state = 'sending' AND lease_until < @Now
        RETURNING id, kind, registration_id AS RegistrationId, meeting_id AS MeetingId, attempts, last_error AS LastError
        """;

    private const string HospitalOfSql = "SELECT hospital_id FROM registrations WHERE id = @Id";

    private const string ListSql = """
        SELECT o.id, o.kind, o.registration_id AS RegistrationId, o.meeting_id AS MeetingId, o.state, o.attempts, o.created_at AS CreatedAt,
               o.due_at AS DueAt, o.last_attempt_at AS LastAttemptAt, o.last_error AS LastError, o.language, o.sent_at AS SentAt
        FROM email_outbox o
        WHERE o.registration_id = @RegistrationId AND (@After IS NULL OR o.id > @After)
        ORDER BY o.id
        LIMIT @Limit
        """;

    private const string ByIdSql = """
        SELECT o.id, o.kind, o.registration_id AS RegistrationId, o.meeting_id AS MeetingId, o.state, o.attempts, o.created_at AS CreatedAt,
               o.due_at AS DueAt, o.last_attempt_at AS LastAttemptAt, o.last_error AS LastError, o.language, o.sent_at AS SentAt
        FROM email_outbox o WHERE o.id = @Id AND o.registration_id = @RegistrationId
        """;

    // A retry starts a fresh retry window: the organiser asked for it now.
    private const string RetryByOrganiserSql = """
        UPDATE email_outbox SET state = 'pending', due_at = @Now, not_before = @Now, claim_token = NULL, lease_until = NULL
        WHERE id = @Id AND registration_id = @RegistrationId AND state = 'failed'
        """;

    private const string RecentOfKindSql = """
        SELECT COUNT(*) FROM email_outbox WHERE registration_id = @RegistrationId AND kind = @Kind AND created_at > @Since
        """;

    private const string ActiveByEmailSql = """
        SELECT id FROM registrations WHERE meeting_id = @MeetingId AND email_normalised = @Email AND status <> 'cancelled'
        """;

    private const string DueReminderMeetingsSql = """
        SELECT m.id AS Id, m.starts_at AS StartsAt
        FROM meetings m
        LEFT JOIN meeting_reminders r ON r.meeting_id = m.id
        WHERE m.status = 'published' AND m.starts_at > @Now AND m.starts_at <= @Horizon
          AND (r.starts_at IS NULL OR r.starts_at <> m.starts_at)
        ORDER BY m.starts_at
        LIMIT 20
        """;

    private const string ReminderMarkerSql = "SELECT starts_at FROM meeting_reminders WHERE meeting_id = @Id";

    // INSERT ... SELECT ... ON CONFLICT needs the WHERE before ON CONFLICT to parse in SQLite; it is there anyway.
    private const string EnqueueRemindersSql = """
        INSERT INTO email_outbox (kind, registration_id, meeting_id, dedupe_key, created_at, not_before, due_at)
        SELECT @Kind, r.id, r.meeting_id, 'reminder:' || r.id || ':' || @StartsAt, @Now, @Now, @Now
        FROM registrations r
        WHERE r.meeting_id = @Id AND r.status = 'confirmed'
        ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
        """;

    private const string SaveMarkerSql = """
        INSERT INTO meeting_reminders (meeting_id, starts_at, created_at) VALUES (@Id, @StartsAt, @Now)
        ON CONFLICT (meeting_id) DO UPDATE SET starts_at = excluded.starts_at, created_at = excluded.created_at
        """;

    private const string PruneSql = "DELETE FROM email_outbox WHERE state IN ('sent', 'failed', 'skipped') AND created_at < @Before";

    public Task<bool> AnyDueAsync(long now, CancellationToken ct) =>
        db.ReadAsync(c => c.ExecuteScalarAsync<bool>(new CommandDefinition(AnyDueSql, new { Now = now }, cancellationToken: ct)), ct);

    public Task<IReadOnlyList<ClaimedMessage>> ClaimAsync(string token, long now, long leaseUntil, int limit, CancellationToken ct) =>
        db.WriteAsync<IReadOnlyList<ClaimedMessage>>(async (c, tx) =>
            (await c.QueryAsync<ClaimedMessage>(new CommandDefinition(ClaimSql, new { Token = token, Now = now, LeaseUntil = leaseUntil, Limit = limit }, tx,
                cancellationToken: ct))).OrderBy(m => m.Id).ToList(), ct);

    /// <summary>Marks the message as being handed over (and renews the lease of the rest of the claim). Returns false
    /// when the claim was lost (the lease ran out and another process took it): then it must not be sent.</summary>
    public Task<bool> HandOverAsync(long id, string token, string language, long now, long leaseUntil, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var marked = await c.ExecuteAsync(new CommandDefinition(HandOverSql, new { Id = id, Token = token, Now = now, Language = language }, tx, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition(ExtendLeaseSql, new { Token = token, LeaseUntil = leaseUntil }, tx, cancellationToken: ct));
            return marked == 1;
        }, ct);

    /// <summary>Records one attempt's outcome. A failure (given up, 5xx) also records a <c>message.failed</c> change
    /// in the same transaction, for the change feed and webhooks.</summary>
    public Task RecordAsync(long id, string token, MessageOutcome outcome, string? error, long? retryAt, long now, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var args = new { Id = id, Token = token, Error = error, DueAt = retryAt, Now = now };
            switch (outcome)
            {
                case MessageOutcome.Sent:
                    await c.ExecuteAsync(new CommandDefinition(SentSql, args, tx, cancellationToken: ct));
                    break;
                case MessageOutcome.Retry:
                    await c.ExecuteAsync(new CommandDefinition(RetrySql, args, tx, cancellationToken: ct));
                    break;
                case MessageOutcome.Skipped:
                    await c.ExecuteAsync(new CommandDefinition(SkippedSql, args, tx, cancellationToken: ct));
                    break;
                default:
                    foreach (var failed in await c.QueryAsync<FailedRow>(new CommandDefinition(FailedSql, args, tx, cancellationToken: ct)))
                    {
                        await RecordFailedChangeAsync(c, tx, failed, now, ct);
                    }

                    break;
            }

            return 0;
        }, ct);

    /// <summary>Gives back the unsent rest of a claim (shutdown), so the next round or process sends it at once.</summary>
    public Task ReleaseAsync(string token, CancellationToken ct) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(ReleaseSql, new { Token = token }, tx, cancellationToken: ct)), ct);

    /// <summary>Messages left 'sending' by a process that died mid-hand-over, once their lease ran out: marked failed
    /// (delivery unknown), never resent by themselves. Returns how many.</summary>
    public Task<int> RecoverInDoubtAsync(long now, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var rows = (await c.QueryAsync<FailedRow>(new CommandDefinition(InDoubtSql, new { Now = now }, tx, cancellationToken: ct))).ToList();
            foreach (var row in rows)
            {
                await RecordFailedChangeAsync(c, tx, row, now, ct);
            }

            return rows.Count;
        }, ct);

    public Task<IReadOnlyList<MessageRow>> ListAsync(Guid registrationId, long? after, int limit, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<MessageRow>>(async c => (await c.QueryAsync<MessageRow>(new CommandDefinition(ListSql,
            new { RegistrationId = registrationId.ToString(), After = after, Limit = limit }, cancellationToken: ct))).ToList(), ct);

    public Task<MessageRow?> GetAsync(Guid registrationId, long id, CancellationToken ct) =>
        db.ReadAsync(c => c.QuerySingleOrDefaultAsync<MessageRow>(new CommandDefinition(ByIdSql,
            new { Id = id, RegistrationId = registrationId.ToString() }, cancellationToken: ct)), ct);

    /// <summary>Puts a failed message back in the queue, due now. Throws <see cref="NotFoundException"/> when the
    /// registration has no such message; returns false when it is not failed (nothing changed).</summary>
    public Task<(bool Retried, MessageRow Message)> RetryAsync(Guid registrationId, long id, long now, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var args = new { Id = id, RegistrationId = registrationId.ToString(), Now = now };
            var retried = await c.ExecuteAsync(new CommandDefinition(RetryByOrganiserSql, args, tx, cancellationToken: ct)) == 1;
            var row = await c.QuerySingleOrDefaultAsync<MessageRow>(new CommandDefinition(ByIdSql, args, tx, cancellationToken: ct))
                      ?? throw new NotFoundException("Message");
            return (retried, row);
        }, ct);

    /// <summary>How many messages of <paramref name="kind"/> were recorded for the registration since <paramref name="since"/>.</summary>
    public static Task<int> CountRecentAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, Guid registrationId, string kind,
        long since, CancellationToken ct) =>
        c.ExecuteScalarAsync<int>(new CommandDefinition(RecentOfKindSql, new { RegistrationId = registrationId.ToString(), Kind = kind, Since = since }, tx,
            cancellationToken: ct));

    /// <summary>Enqueues a manage-link mail for the active registration of <paramref name="emailNormalised"/> at the meeting,
    /// unless it has had <paramref name="perWindow"/> of them since <paramref name="since"/>. Returns whether one was enqueued
    /// (the caller answers the same either way).</summary>
    public Task<bool> EnqueueManageLinkAsync(Guid meetingId, string emailNormalised, long now, long since, int perWindow, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var id = await c.ExecuteScalarAsync<string?>(new CommandDefinition(ActiveByEmailSql,
                new { MeetingId = meetingId.ToString(), Email = emailNormalised }, tx, cancellationToken: ct));
            if (id is null || await CountRecentAsync(c, tx, Guid.Parse(id), MessageKinds.ManageLink, since, ct) >= perWindow)
            {
                return false;
            }

            await EmailOutbox.EnqueueAsync(c, tx, new OutboxMessage(MessageKinds.ManageLink, Guid.Parse(id), meetingId, now), now, ct);
            return true;
        }, ct);

    /// <summary>Enqueues the reminders of every meeting whose reminder time has come: one transaction per meeting,
    /// which re-reads the marker under the write lock, so two processes never enqueue a meeting twice (and the
    /// dedupe key keeps a late sign-up's own reminder from doubling). Returns how many reminders were enqueued.</summary>
    public async Task<int> EnqueueDueRemindersAsync(long now, long leadMs, CancellationToken ct)
    {
        var due = await db.ReadAsync(c => c.QueryAsync<(string Id, long StartsAt)>(new CommandDefinition(DueReminderMeetingsSql,
            new { Now = now, Horizon = now + leadMs }, cancellationToken: ct)), ct);
        var total = 0;
        foreach (var (id, startsAt) in due)
        {
            total += await db.WriteAsync(async (c, tx) =>
            {
                var marker = await c.ExecuteScalarAsync<long?>(new CommandDefinition(ReminderMarkerSql, new { Id = id }, tx, cancellationToken: ct));
                if (marker == startsAt)
                {
                    return 0;
                }

                var args = new { Id = id, StartsAt = startsAt, Now = now, Kind = MessageKinds.Reminder };
                var added = await c.ExecuteAsync(new CommandDefinition(EnqueueRemindersSql, args, tx, cancellationToken: ct));
                await c.ExecuteAsync(new CommandDefinition(SaveMarkerSql, args, tx, cancellationToken: ct));
                return added;
            }, ct);
        }

        return total;
    }

    public Task<int> PruneAsync(long before, CancellationToken ct) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(PruneSql, new { Before = before }, tx, cancellationToken: ct)), ct);

    private static async Task RecordFailedChangeAsync(DbConnection c, DbTransaction tx, FailedRow row,
        long now, CancellationToken ct)
    {
        var hospital = await c.ExecuteScalarAsync<string?>(new CommandDefinition(HospitalOfSql, new { Id = row.RegistrationId }, tx, cancellationToken: ct));
        var payload = new MessageFailedEvent(row.Id, row.Kind, Guid.Parse(row.RegistrationId), Guid.Parse(row.MeetingId), (int)row.Attempts, row.LastError);
        await ChangeLog.RecordAsync(c, tx, new Change("message", row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ChangeTypes.MessageFailed,
            (int)row.Attempts, row.MeetingId, hospital, payload), Instants.FromMs(now), ct);
    }

    private sealed class FailedRow
    {
        public long Id { get; init; }
        public string Kind { get; init; } = "";
        public string RegistrationId { get; init; } = "";
        public string MeetingId { get; init; } = "";
        public long Attempts { get; init; }
        public string? LastError { get; init; }
    }
}

/// <summary>The change-feed and webhook body of <c>message.failed</c>: which message, no address or content.</summary>
public sealed record MessageFailedEvent(long MessageId, string Kind, Guid RegistrationId, Guid MeetingId, int Attempts, string? LastError);
