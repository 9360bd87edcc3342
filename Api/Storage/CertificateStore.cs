using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Domain.Cme;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Api.Storage;

/// <summary>What one issue run did.</summary>
public sealed record IssueOutcome(IReadOnlyList<Certificate> Issued, int AlreadyIssued, int NotEligible);

/// <summary>Certificates: issued from the attendance ledger in one transaction, looked up by serial or
/// verification code, revoked with a reason. Kept at least six years with the evidence they rest on.</summary>
public sealed class CertificateStore(Database db, RegistrationMail mail)
{
    private const string Columns = """
        SELECT c.serial, c.verification_code AS VerificationCode, c.meeting_id AS MeetingId, c.registration_id AS RegistrationId,
               c.full_name AS FullName, c.hospital_name AS HospitalName, c.job_title AS JobTitle, c.mode, c.meeting_title AS MeetingTitle,
               c.meeting_starts_at AS MeetingStartsAt, c.meeting_ends_at AS MeetingEndsAt, c.meeting_time_zone AS MeetingTimeZone, c.city, c.chairs,
               c.accrediting_body AS AccreditingBody, c.project_number AS ProjectNumber, c.credit_type AS CreditType, c.credits_milli AS CreditsMilli,
               c.attended_minutes AS AttendedMinutes, c.percent_tenths AS PercentTenths, c.issued_at AS IssuedAt, c.revoked_at AS RevokedAt,
               c.revoked_reason AS RevokedReason, r.manage_token_hash AS ManageTokenHash
        FROM certificates c JOIN registrations r ON r.id = c.registration_id
        """;

    private const string BySerialSql = Columns + " WHERE c.serial = @Serial";
    private const string ByCodeSql = Columns + " WHERE c.verification_code = @Code";

    private const string NextSeqSql = "SELECT COALESCE(MAX(seq), 0) + 1 FROM certificates";

    private const string ChairsSql = "SELECT id, full_name AS FullName, title FROM faculty WHERE id IN (SELECT value FROM json_each(@Ids))";

    private const string InsertSql = """
        INSERT INTO certificates (serial, seq, verification_code, meeting_id, registration_id, full_name, hospital_name, job_title, mode,
            meeting_title, meeting_starts_at, meeting_ends_at, meeting_time_zone, city, chairs, accrediting_body, project_number, credit_type,
            credits_milli, attended_minutes, percent_tenths, issued_at, issued_by_key_id)
        VALUES (@Serial, @Seq, @VerificationCode, @MeetingId, @RegistrationId, @FullName, @HospitalName, @JobTitle, @Mode,
            @MeetingTitle, @MeetingStartsAt, @MeetingEndsAt, @MeetingTimeZone, @City, @Chairs, @AccreditingBody, @ProjectNumber, @CreditType,
            @CreditsMilli, @AttendedMinutes, @PercentTenths, @IssuedAt, @IssuedByKeyId)
        """;

    private const string RevokeSql = """
        UPDATE certificates SET revoked_at = @RevokedAt, revoked_reason = @RevokedReason, revoked_by_key_id = @KeyId
        WHERE serial = @Serial AND revoked_at IS NULL
        """;

    private const int Page = 500;

    /// <summary>16 characters of Crockford base32 (80 bits), so codes cannot be guessed through the public verification.</summary>
    public static string NewVerificationCode()
    {
        var raw = RandomNumberGenerator.GetString("0123456789ABCDEFGHJKMNPQRSTVWXYZ", 16);
        return string.Join('-', raw.Chunk(4).Select(c => new string(c)));
    }

    /// <summary>Issues a certificate to every eligible registration of a completed meeting that has none yet;
    /// running it again adds only registrations that became eligible since (e.g. after a correction).</summary>
    public Task<IssueOutcome> IssueAsync(Guid meetingId, string? keyId, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var meeting = await MeetingStore.LoadAsync(c, tx, meetingId, ct) ?? throw new NotFoundException("Meeting");
            var accreditation = await AccreditationStore.LoadAsync(c, tx, meetingId, ct);
            CertificateRules.EnsureCanIssue(meeting, accreditation?.Accreditation);
            var certified = new CertifiedMeeting(meeting.Id, meeting.Details.Title, meeting.Details.StartsAt, meeting.Details.EndsAt,
                meeting.Details.TimeZone, meeting.Details.City, await ChairsAsync(c, tx, meeting.Details.ChairIds, ct));
            var slots = AttendanceRecords.Accredited(await AttendanceRecords.SlotsAsync(c, tx, meetingId, ct));
            var seq = await c.ExecuteScalarAsync<long>(new CommandDefinition(NextSeqSql, transaction: tx, cancellationToken: ct));

            var issued = new List<Certificate>();
            int already = 0, notEligible = 0;
            long afterSeq = 0;
            while (true)
            {
                var attendees = await AttendanceRecords.AttendeesAsync(c, tx, meetingId, null, null, afterSeq, Page, ct);
                foreach (var a in await AttendanceStore.AssessAsync(c, tx, accreditation!.Accreditation, slots, attendees, ct))
                {
                    if (a.CertificateSerial is not null)
                    {
                        already++;
                    }
                    else if (!a.Assessment.Eligible)
                    {
                        notEligible++;
                    }
                    else
                    {
                        var certificate = Certificate.Issue(seq++, NewVerificationCode(), a.Attendee.RegistrationId, a.Attendee.FullName,
                            a.Attendee.HospitalName, a.Attendee.JobTitle, EnumText.Parse<AttendanceMode>(a.Attendee.Mode), certified,
                            accreditation.Accreditation, a.Assessment, now);
                        await InsertAsync(c, tx, certificate, keyId, ct);
                        issued.Add(certificate);
                    }
                }

                if (attendees.Count < Page)
                {
                    break;
                }

                afterSeq = attendees[^1].Seq;
            }

            // The certificate-ready mails, in the issuing transaction: issued certificates and their mails commit together.
            await mail.OnCertificatesIssuedAsync(c, tx, issued, meetingId, now, ct);
            return new IssueOutcome(issued, already, notEligible);
        }, ct);

    /// <summary>A certificate and the hash of its registration's manage token (the attendee's key to it).</summary>
    public Task<(Certificate Certificate, string ManageTokenHash)?> GetBySerialAsync(string serial, CancellationToken ct) =>
        db.ReadAsync(async c => await LoadAsync(c, null, BySerialSql, new { Serial = serial }, ct), ct);

    public Task<Certificate?> GetByCodeAsync(string code, CancellationToken ct) =>
        db.ReadAsync(async c => (await LoadAsync(c, null, ByCodeSql, new { Code = Format(Certificate.NormaliseCode(code)) }, ct))?.Certificate, ct);

    public Task<Certificate> RevokeAsync(string serial, string? reason, string? keyId, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var (certificate, _) = await LoadAsync(c, tx, BySerialSql, new { Serial = serial }, ct) ?? throw new NotFoundException("Certificate");
            certificate.Revoke(reason, now);
            await c.ExecuteAsync(new CommandDefinition(RevokeSql, new
            {
                Serial = serial,
                RevokedAt = now.ToUnixTimeMilliseconds(),
                certificate.RevokedReason,
                KeyId = keyId,
            }, tx, cancellationToken: ct));
            return certificate;
        }, ct);

    private static string Format(string normalised) =>
        normalised.Length == 16 ? string.Join('-', normalised.Chunk(4).Select(c => new string(c))) : normalised;

    private static async Task<IReadOnlyList<string>> ChairsAsync(DbConnection c, DbTransaction tx, IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var rows = (await c.QueryAsync<(string Id, string FullName, string? Title)>(new CommandDefinition(ChairsSql,
            new { Ids = SqlList.Json(ids.Select(i => i.ToString())) }, tx, cancellationToken: ct))).ToDictionary(r => r.Id);
        return ids.Select(i => rows.TryGetValue(i.ToString(), out var r) ? (r.Title is null ? r.FullName : $"{r.Title} {r.FullName}") : null)
            .OfType<string>().ToList();
    }

    private static Task InsertAsync(DbConnection c, DbTransaction tx, Certificate certificate, string? keyId, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            certificate.Serial,
            Seq = long.Parse(certificate.Serial[^6..], System.Globalization.CultureInfo.InvariantCulture),
            certificate.VerificationCode,
            MeetingId = certificate.Meeting.MeetingId.ToString(),
            RegistrationId = certificate.RegistrationId.ToString(),
            certificate.FullName,
            certificate.HospitalName,
            certificate.JobTitle,
            Mode = EnumText.ToText(certificate.Mode),
            MeetingTitle = certificate.Meeting.Title,
            MeetingStartsAt = certificate.Meeting.StartsAt.ToUnixTimeMilliseconds(),
            MeetingEndsAt = certificate.Meeting.EndsAt.ToUnixTimeMilliseconds(),
            MeetingTimeZone = certificate.Meeting.TimeZone,
            certificate.Meeting.City,
            Chairs = JsonSerializer.Serialize(certificate.Meeting.Chairs),
            certificate.Accreditation.AccreditingBody,
            certificate.Accreditation.ProjectNumber,
            CreditType = EnumText.ToText(certificate.Accreditation.CreditType),
            CreditsMilli = Milli.From(certificate.Credits),
            certificate.AttendedMinutes,
            PercentTenths = (long)(certificate.Percent * 10m),
            IssuedAt = certificate.IssuedAt.ToUnixTimeMilliseconds(),
            IssuedByKeyId = keyId,
        }, tx, cancellationToken: ct));

    private static async Task<(Certificate Certificate, string ManageTokenHash)?> LoadAsync(DbConnection c, DbTransaction? tx, string sql, object args, CancellationToken ct)
    {
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(sql, args, tx, cancellationToken: ct));
        return row is null ? null : (row.ToCertificate(), row.ManageTokenHash);
    }

    private sealed class Row
    {
        public string Serial { get; init; } = "";
        public string VerificationCode { get; init; } = "";
        public string MeetingId { get; init; } = "";
        public string RegistrationId { get; init; } = "";
        public string FullName { get; init; } = "";
        public string? HospitalName { get; init; }
        public string? JobTitle { get; init; }
        public string Mode { get; init; } = "";
        public string MeetingTitle { get; init; } = "";
        public long MeetingStartsAt { get; init; }
        public long MeetingEndsAt { get; init; }
        public string MeetingTimeZone { get; init; } = "";
        public string? City { get; init; }
        public string Chairs { get; init; } = "[]";
        public string AccreditingBody { get; init; } = "";
        public string ProjectNumber { get; init; } = "";
        public string CreditType { get; init; } = "";
        public long CreditsMilli { get; init; }
        public long AttendedMinutes { get; init; }
        public long PercentTenths { get; init; }
        public long IssuedAt { get; init; }
        public long? RevokedAt { get; init; }
        public string? RevokedReason { get; init; }
        public string ManageTokenHash { get; init; } = "";

        public Certificate ToCertificate() => Certificate.Restore(Serial, VerificationCode, Guid.Parse(RegistrationId), FullName, HospitalName,
            JobTitle, EnumText.Parse<AttendanceMode>(Mode),
            new CertifiedMeeting(Guid.Parse(MeetingId), MeetingTitle, Instants.FromMs(MeetingStartsAt), Instants.FromMs(MeetingEndsAt),
                MeetingTimeZone, City, JsonSerializer.Deserialize<string[]>(Chairs) ?? []),
            new CertifiedAccreditation(AccreditingBody, ProjectNumber, EnumText.Parse<CreditType>(CreditType)),
            Milli.To(CreditsMilli), (int)AttendedMinutes, PercentTenths / 10m, Instants.FromMs(IssuedAt), Instants.FromMs(RevokedAt), RevokedReason);
    }
}
