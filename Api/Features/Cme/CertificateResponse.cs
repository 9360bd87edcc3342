using EventScheduler.Api.Infrastructure;
using EventScheduler.Domain.Cme;

namespace EventScheduler.Api.Features.Cme;

/// <summary>A certificate as staff see it.</summary>
public sealed class CertificateResponse
{
    /// <summary>The serial number, e.g. CME-2021-000042; the PDF is at /certificates/{serial}.pdf.</summary>
    public required string Serial { get; init; }

    /// <summary>The code a stranger checks at /certificate-verifications/{code}.</summary>
    public required string VerificationCode { get; init; }

    /// <summary>The public verification page, /certificates/verify/{code} (also in the PDF's QR code): HTML for people,
    /// JSON to <c>Accept: application/json</c>.</summary>
    public required string VerificationUrl { get; init; }

    /// <summary>The registration it was issued for.</summary>
    public required Guid RegistrationId { get; init; }

    /// <summary>The meeting.</summary>
    public required Guid MeetingId { get; init; }

    /// <summary>The attendee's name as certified.</summary>
    public required string FullName { get; init; }

    /// <summary>The attendee's hospital as certified.</summary>
    public required string? HospitalName { get; init; }

    /// <summary>class_i, class_ii or other.</summary>
    public required CreditType CreditType { get; init; }

    /// <summary>Credits certified.</summary>
    public required decimal Credits { get; init; }

    /// <summary>Whole minutes of accredited time attended.</summary>
    public required int AttendedMinutes { get; init; }

    /// <summary>When it was issued, in the meeting's time zone.</summary>
    public required DateTimeOffset IssuedAt { get; init; }

    /// <summary>When it was revoked; null while valid.</summary>
    public required DateTimeOffset? RevokedAt { get; init; }

    /// <summary>Why it was revoked.</summary>
    public required string? RevokedReason { get; init; }

    public static CertificateResponse From(Certificate c, string publicBaseUrl) => new()
    {
        Serial = c.Serial,
        VerificationCode = c.VerificationCode,
        VerificationUrl = CertificateLinks.VerificationUrl(publicBaseUrl, c.VerificationCode),
        RegistrationId = c.RegistrationId,
        MeetingId = c.Meeting.MeetingId,
        FullName = c.FullName,
        HospitalName = c.HospitalName,
        CreditType = c.Accreditation.CreditType,
        Credits = c.Credits,
        AttendedMinutes = c.AttendedMinutes,
        IssuedAt = Instants.InZone(c.IssuedAt, c.Meeting.TimeZone),
        RevokedAt = Instants.InZone(c.RevokedAt, c.Meeting.TimeZone),
        RevokedReason = c.RevokedReason,
    };
}

/// <summary>Links printed on certificates: under the top-level <c>PublicBaseUrl</c> setting when set,
/// else under the address the request came to.</summary>
public static class CertificateLinks
{
    public static string PublicBaseUrl(HttpContext context)
    {
        var configured = context.RequestServices.GetRequiredService<IConfiguration>()["PublicBaseUrl"];
        return string.IsNullOrWhiteSpace(configured)
            ? $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}"
            : configured.TrimEnd('/');
    }

    /// <summary>The page for people (HTML in zh/en, JSON to <c>Accept: application/json</c>); programs may also call
    /// the contract's <c>/certificate-verifications/{code}</c>.</summary>
    public static string VerificationUrl(string publicBaseUrl, string code) => $"{publicBaseUrl}/certificates/verify/{code}";
}
