using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Cme;
using Microsoft.Net.Http.Headers;

namespace EventScheduler.Api.Features.Cme;

/// <summary>A meeting's CME accreditation.</summary>
public sealed class AccreditationResponse
{
    /// <summary>The accredited meeting.</summary>
    public required Guid MeetingId { get; init; }

    /// <summary>Who accredits the meeting (e.g. a provincial CME committee).</summary>
    public required string AccreditingBody { get; init; }

    /// <summary>The accreditor's project number, printed on certificates and reports.</summary>
    public required string ProjectNumber { get; init; }

    /// <summary>class_i, class_ii or other.</summary>
    public required CreditType CreditType { get; init; }

    /// <summary>Credits per attended hour.</summary>
    public required decimal CreditsPerHour { get; init; }

    /// <summary>Most credits one attendee can earn at this meeting.</summary>
    public required decimal MaxCredits { get; init; }

    /// <summary>Credits are rounded down to a multiple of this.</summary>
    public required decimal RoundingStep { get; init; }

    /// <summary>Share of the accredited time (0-100) an attendee must be present for to earn credits.</summary>
    public required int MinimumAttendancePercent { get; init; }

    /// <summary>Rises with every replacement; the ETag.</summary>
    public required int Version { get; init; }

    /// <summary>When the accreditation was first set.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it was last replaced.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    public static AccreditationResponse From(StoredAccreditation s, string timeZone) => new()
    {
        MeetingId = s.MeetingId,
        AccreditingBody = s.Accreditation.AccreditingBody,
        ProjectNumber = s.Accreditation.ProjectNumber,
        CreditType = s.Accreditation.CreditType,
        CreditsPerHour = s.Accreditation.CreditsPerHour,
        MaxCredits = s.Accreditation.MaxCredits,
        RoundingStep = s.Accreditation.RoundingStep,
        MinimumAttendancePercent = s.Accreditation.MinimumAttendancePercent,
        Version = s.Version,
        CreatedAt = Instants.InZone(s.CreatedAt, timeZone),
        UpdatedAt = Instants.InZone(s.UpdatedAt, timeZone),
    };
}

/// <summary>Turns an If-Match header into the versions a store write may apply to.</summary>
public static class IfMatch
{
    public static VersionPrecondition Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return VersionPrecondition.Any;
        }

        if (!EntityTagHeaderValue.TryParseList([header], out var tags))
        {
            throw new ApiException(StatusCodes.Status400BadRequest, "invalid_if_match", "'If-Match' must be '*' or a list of quoted ETags.");
        }

        if (tags.Any(t => t.Equals(EntityTagHeaderValue.Any)))
        {
            return VersionPrecondition.Any;
        }

        // Strong comparison (RFC 9110 13.1.1): weak tags never match.
        return VersionPrecondition.OneOf(tags.Where(t => !t.IsWeak)
            .Select(t => int.TryParse(t.Tag.AsSpan().Trim('"'), out var v) ? v : -1));
    }
}
