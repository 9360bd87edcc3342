using EventScheduler.Domain.Common;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Domain.Cme;

/// <summary>What a certificate states about the meeting, fixed when it is issued.</summary>
public sealed record CertifiedMeeting(
    Guid MeetingId,
    string Title,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string TimeZone,
    string? City,
    IReadOnlyList<string> Chairs);

/// <summary>Who accredited what a certificate certifies, fixed when it is issued.</summary>
public sealed record CertifiedAccreditation(string AccreditingBody, string ProjectNumber, CreditType CreditType)
{
    public static CertifiedAccreditation Of(Accreditation a) => new(a.AccreditingBody, a.ProjectNumber, a.CreditType);
}

/// <summary>A CME certificate: one per eligible registration of a completed meeting. Everything it states
/// (name, hospital, meeting, accreditor, credits) is copied in when it is issued, so later edits or an
/// erasure of contact data never change what was certified. It can be revoked (with a reason), never edited.</summary>
public sealed class Certificate
{
    public const int MaxReasonLength = 1000;

    private Certificate(string serial, string verificationCode, Guid registrationId, string fullName, string? hospitalName, string? jobTitle,
        AttendanceMode mode, CertifiedMeeting meeting, CertifiedAccreditation accreditation, decimal credits, int attendedMinutes, decimal percent,
        DateTimeOffset issuedAt, DateTimeOffset? revokedAt, string? revokedReason)
    {
        Serial = serial;
        VerificationCode = verificationCode;
        RegistrationId = registrationId;
        FullName = fullName;
        HospitalName = hospitalName;
        JobTitle = jobTitle;
        Mode = mode;
        Meeting = meeting;
        Accreditation = accreditation;
        Credits = credits;
        AttendedMinutes = attendedMinutes;
        Percent = percent;
        IssuedAt = issuedAt;
        RevokedAt = revokedAt;
        RevokedReason = revokedReason;
    }

    public string Serial { get; }
    public string VerificationCode { get; }
    public Guid RegistrationId { get; }
    public string FullName { get; }
    public string? HospitalName { get; }
    public string? JobTitle { get; }
    public AttendanceMode Mode { get; }
    public CertifiedMeeting Meeting { get; }
    public CertifiedAccreditation Accreditation { get; }
    public decimal Credits { get; }
    public int AttendedMinutes { get; }
    public decimal Percent { get; }
    public DateTimeOffset IssuedAt { get; }
    public DateTimeOffset? RevokedAt { get; private set; }
    public string? RevokedReason { get; private set; }

    public bool IsRevoked => RevokedAt is not null;

    /// <summary>Issues a certificate for an eligible assessment; refuses one that earned nothing.</summary>
    public static Certificate Issue(long seq, string verificationCode, Guid registrationId, string fullName, string? hospitalName, string? jobTitle,
        AttendanceMode mode, CertifiedMeeting meeting, Accreditation accreditation, AttendanceAssessment assessment, DateTimeOffset now)
    {
        if (!assessment.Eligible)
        {
            throw new InvalidOperationException("Only an eligible assessment earns a certificate.");
        }

        return new Certificate(SerialFor(now, seq), verificationCode, registrationId, fullName, hospitalName, jobTitle, mode, meeting,
            CertifiedAccreditation.Of(accreditation),
            assessment.Credits, assessment.WholeAttendedMinutes, assessment.Percent, now, null, null);
    }

    public static Certificate Restore(string serial, string verificationCode, Guid registrationId, string fullName, string? hospitalName,
        string? jobTitle, AttendanceMode mode, CertifiedMeeting meeting, CertifiedAccreditation accreditation, decimal credits, int attendedMinutes,
        decimal percent, DateTimeOffset issuedAt, DateTimeOffset? revokedAt, string? revokedReason) =>
        new(serial, verificationCode, registrationId, fullName, hospitalName, jobTitle, mode, meeting, accreditation, credits, attendedMinutes,
            percent, issuedAt, revokedAt, revokedReason);

    /// <summary>A revoked certificate is not handed out again (its verification still answers, saying revoked).</summary>
    public void EnsureNotRevoked()
    {
        if (IsRevoked)
        {
            var violation = RuleViolation.Conflict(CmeRules.CertificateRevoked, "This certificate was revoked.");
            violation.Extensions["revokedAt"] = RevokedAt;
            throw violation;
        }
    }

    /// <summary>Withdraws the certificate (e.g. issued in error); verification shows it as revoked from now on.</summary>
    public void Revoke(string? reason, DateTimeOffset now)
    {
        if (IsRevoked)
        {
            var violation = RuleViolation.Conflict(CmeRules.AlreadyRevoked, "The certificate is already revoked.");
            violation.Extensions["revokedAt"] = RevokedAt;
            throw violation;
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            throw RuleViolation.Invalid(CmeRules.RevocationReasonRequired, "A revocation needs a 'reason' for the record.", "reason");
        }

        RevokedReason = Text.Required(reason, "reason", MaxReasonLength);
        RevokedAt = now;
    }

    /// <summary>"CME-2021-000042": the year of issue and a sequence over all certificates.</summary>
    public static string SerialFor(DateTimeOffset issuedAt, long seq) => $"CME-{issuedAt.UtcDateTime.Year:D4}-{seq:D6}";

    /// <summary>Verification codes as typed or scanned: case, spaces and dashes ignored.</summary>
    public static string NormaliseCode(string code) =>
        new(code.Where(c => c is not ('-' or ' ')).Select(char.ToUpperInvariant).ToArray());
}
