using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Domain.Registrations;
using System.Data.Common;

namespace EventScheduler.Api.Storage;

/// <summary>Why a registration's personal data were erased: the change feed says which (never what).</summary>
public static class ErasureReasons
{
    /// <summary>An organiser or admin erased it (<c>POST /registrations/{id}/erase</c>).</summary>
    public const string Request = "request";

    /// <summary>The retention job: its meeting ended longer ago than Privacy:ContactDataRetention.</summary>
    public const string Retention = "retention";
}

/// <summary>The <c>registration.erased</c> event's data: which registration, when and why, whether the name and hospital
/// stayed for CME; none of the erased data.</summary>
public sealed record RegistrationErasedPayload(Guid Id, Guid MeetingId, int Version, DateTimeOffset ErasedAt, string Reason, bool NameAndHospitalKept);

/// <summary>Everything an erasure writes besides the registration row itself, on the registration writer's transaction
/// (<see cref="RegistrationLedger.SaveErasuresAsync"/>), so the row, its copies and the audit event commit together: the
/// e-mail outbox (queued mails skipped, their payload and error text, which can quote the address, dropped), stored
/// Idempotency-Key responses of the registration (they hold what the sign-up sent), the per-address rate-limit windows,
/// the change log's earlier snapshots of it (what webhooks deliver, also on redelivery) and the audit event.</summary>
public static class RegistrationErasure
{
    /// <summary>Whether CME evidence (a ledger row or an online heartbeat) or a certificate names the registration.</summary>
    private const string CmeRecordsSql = """
        SELECT CASE WHEN EXISTS (SELECT 1 FROM attendance_evidence WHERE registration_id = @Id)
                         OR EXISTS (SELECT 1 FROM attendance_heartbeats WHERE registration_id = @Id) THEN 1 ELSE 0 END AS HasEvidence,
               CASE WHEN EXISTS (SELECT 1 FROM certificates WHERE registration_id = @Id) THEN 1 ELSE 0 END AS HasCertificate
        """;

    // email_normalised keeps a unique, never-an-address value: the unique index of active e-mails must not see two
    // erased rows of one meeting as one person. The manage token hash becomes one no token hashes to: the attendee's
    // links stop working (404, as for a wrong token).
    private const string UpdateSql = """
        UPDATE registrations SET full_name = @FullName, email = '', email_normalised = 'erased:' || id, phone = NULL,
            hospital_id = @HospitalId, hospital_name = @HospitalName, job_title = '', specialty = '', language = NULL,
            check_in_code = NULL, manage_token_hash = @TokenHash, erased_at = @ErasedAt, updated_at = @UpdatedAt, version = @Version
        WHERE id = @Id AND version = @BeforeVersion
        """;

    // Old values on the right-hand side: a pending or failed message becomes skipped (nothing to send it to any more).
    private const string OutboxSql = """
        UPDATE email_outbox SET
            state = CASE WHEN state IN ('pending', 'failed') THEN 'skipped' ELSE state END,
            last_error = CASE WHEN state IN ('pending', 'failed') THEN 'The registration''s personal data was erased.' ELSE NULL END,
            payload = NULL
        WHERE registration_id = @Id
        """;

    // No index on location (it would cost every sign-up): one scan per batch of registrations, not per registration.
    private const string IdempotencySql = "DELETE FROM idempotency_keys WHERE location IN (SELECT value FROM json_each(@Locations))";

    private const string RateWindowsSql = "DELETE FROM rate_windows WHERE bucket IN (SELECT value FROM json_each(@Buckets))";

    private const string UnerasedSql = RegistrationStore.Columns + " WHERE r.meeting_id = @MeetingId AND r.erased_at IS NULL ORDER BY r.seq LIMIT @Limit";

    private const string MarkMeetingSql = "UPDATE meetings SET contact_data_erased_at = @Now WHERE id = @Id AND contact_data_erased_at IS NULL";

    private const string MeetingsDueSql = """
        SELECT id FROM meetings WHERE ends_at < @EndedBefore AND contact_data_erased_at IS NULL ORDER BY ends_at, id LIMIT @Limit
        """;

    private const string SnapshotsSql = "SELECT seq, payload FROM changes WHERE entity = 'registration' AND entity_id = @Id";

    private const string RewriteSql = "UPDATE changes SET payload = @Payload WHERE seq = @Seq";

    public static async Task<(bool HasEvidence, bool HasCertificate)> CmeRecordsAsync(DbConnection c, DbTransaction tx, Guid id, CancellationToken ct)
    {
        var row = await c.QuerySingleAsync<(long HasEvidence, long HasCertificate)>(new CommandDefinition(CmeRecordsSql, new { Id = id.ToString() }, tx, cancellationToken: ct));
        return (row.HasEvidence != 0, row.HasCertificate != 0);
    }

    /// <summary>Writes the erased row (version-checked) and its side effects but the stored responses
    /// (<see cref="PurgeStoredResponsesAsync"/>, once per batch); <paramref name="before"/> is the attendee as it was (its
    /// address finds the rate-limit windows, its hospital scopes the audit event).</summary>
    public static async Task ApplyAsync(DbConnection c, DbTransaction tx, Attendee before, int beforeVersion, Registration erased,
        string reason, CancellationToken ct)
    {
        var id = erased.Id.ToString();
        var updated = await c.ExecuteAsync(new CommandDefinition(UpdateSql, new
        {
            Id = id,
            erased.Attendee.FullName,
            HospitalId = erased.Attendee.HospitalId?.ToString(),
            erased.Attendee.HospitalName,
            TokenHash = RegistrationAccess.UnknownTokenHash,
            ErasedAt = Instants.ToMs(erased.ErasedAt),
            UpdatedAt = Instants.ToMs(erased.UpdatedAt),
            erased.Version,
            BeforeVersion = beforeVersion,
        }, tx, cancellationToken: ct));
        if (updated != 1)
        {
            throw new InvalidOperationException("A registration changed under the write lock.");
        }

        await c.ExecuteAsync(new CommandDefinition(OutboxSql, new { Id = id }, tx, cancellationToken: ct));
        if (before.EmailNormalised.Length > 0)
        {
            // The keys EmailRateLimiter counts under (its purposes, the canonical address).
            var address = before.EmailNormalised.Trim().ToLowerInvariant();
            await c.ExecuteAsync(new CommandDefinition(RateWindowsSql, new { Buckets = SqlList.Json([$"email:sign-up:{address}", $"email:resend-link:{address}"]) }, tx,
                cancellationToken: ct));
        }

        await ScrubSnapshotsAsync(c, tx, erased, ct);
        await ChangeLog.RecordAsync(c, tx, new Change("registration", id, ChangeTypes.RegistrationErased, erased.Version, erased.MeetingId.ToString(),
            before.HospitalId?.ToString(),
            new RegistrationErasedPayload(erased.Id, erased.MeetingId, erased.Version, erased.ErasedAt!.Value, reason, erased.Attendee.FullName.Length > 0)),
            erased.UpdatedAt, ct);
    }

    /// <summary>Meetings that ended before <paramref name="endedBefore"/> and still have registrations to erase (as far as
    /// the job knows: a meeting is marked once it has none left), oldest first.</summary>
    public static Task<IReadOnlyList<Guid>> MeetingsDueAsync(Database db, DateTimeOffset endedBefore, int limit, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<Guid>>(async c => (await c.QueryAsync<string>(new CommandDefinition(MeetingsDueSql,
            new { EndedBefore = Instants.ToMs(endedBefore), Limit = limit }, cancellationToken: ct))).Select(Guid.Parse).ToList(), ct);

    /// <summary>Up to <paramref name="limit"/> registrations of the meeting whose data were not erased yet, in arrival order.</summary>
    public static async Task<IReadOnlyList<Registration>> UnerasedAsync(DbConnection c, DbTransaction tx, Guid meetingId, int limit, CancellationToken ct) =>
        (await c.QueryAsync<RegistrationRow>(new CommandDefinition(UnerasedSql, new { MeetingId = meetingId.ToString(), Limit = limit }, tx, cancellationToken: ct)))
        .Select(r => r.ToDomain()).ToList();

    /// <summary>The retention job is done with this meeting: every registration of it is erased.</summary>
    public static Task MarkMeetingDoneAsync(DbConnection c, DbTransaction tx, Guid meetingId, DateTimeOffset now, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(MarkMeetingSql, new { Id = meetingId.ToString(), Now = Instants.ToMs(now) }, tx, cancellationToken: ct));

    /// <summary>Deletes the stored Idempotency-Key responses of these registrations (a sign-up's location names it).
    /// A retry of such a sign-up with the same key is then a new request.</summary>
    public static Task PurgeStoredResponsesAsync(DbConnection c, DbTransaction tx, IReadOnlyList<Guid> ids, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(IdempotencySql, new { Locations = SqlList.Json(ids.Select(id => $"/registrations/{id}")) }, tx, cancellationToken: ct));

    /// <summary>The registration's earlier change-log snapshots (<see cref="RegistrationChangePayload"/>) lose what the
    /// row lost: a webhook delivered or redelivered from now on carries the erased view.</summary>
    private static async Task ScrubSnapshotsAsync(DbConnection c, DbTransaction tx, Registration erased, CancellationToken ct)
    {
        var rows = await c.QueryAsync<(long Seq, string Payload)>(new CommandDefinition(SnapshotsSql, new { Id = erased.Id.ToString() }, tx, cancellationToken: ct));
        foreach (var (seq, payload) in rows)
        {
            if (JsonNode.Parse(payload) is not JsonObject data)
            {
                continue;
            }

            var changed = Blank(data, "jobTitle", "") | Blank(data, "specialty", "");
            if (erased.Attendee.FullName.Length == 0)
            {
                changed |= Blank(data, "fullName", "") | Blank(data, "hospitalId", null) | Blank(data, "hospitalName", null);
            }

            if (changed)
            {
                await c.ExecuteAsync(new CommandDefinition(RewriteSql, new { Seq = seq, Payload = data.ToJsonString(JsonConfig.Options) }, tx, cancellationToken: ct));
            }
        }
    }

    /// <summary>Sets <paramref name="name"/> to <paramref name="value"/> where the snapshot has it and holds something else.</summary>
    private static bool Blank(JsonObject data, string name, string? value)
    {
        if (!data.TryGetPropertyValue(name, out var current) || (current is null ? value is null : value is not null && current.GetValueKind() == JsonValueKind.String && current.GetValue<string>() == value))
        {
            return false;
        }

        data[name] = value is null ? null : JsonValue.Create(value);
        return true;
    }
}
