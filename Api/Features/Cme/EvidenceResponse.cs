using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Cme;

namespace EventScheduler.Api.Features.Cme;

/// <summary>An entry appended to the attendance ledger.</summary>
public sealed class EvidenceResponse
{
    /// <summary>The entry's id (entries are never edited or deleted).</summary>
    public required Guid Id { get; init; }

    /// <summary>The registration it is about.</summary>
    public required Guid RegistrationId { get; init; }

    /// <summary>The attendee's name, for the door's display.</summary>
    public required string FullName { get; init; }

    /// <summary>scan_in, scan_out or adjustment.</summary>
    public required EvidenceKind Kind { get; init; }

    /// <summary>The session door (scans) or the slot corrected (adjustments); null for the venue's entrance.</summary>
    public required Guid? SlotId { get; init; }

    /// <summary>Adjustments: minutes added (positive) or taken away (negative).</summary>
    public required int? Minutes { get; init; }

    /// <summary>Adjustments: why.</summary>
    public required string? Reason { get; init; }

    /// <summary>When it happened, in the meeting's time zone.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    public static EvidenceResponse From(RecordedEvidence r) => new()
    {
        Id = r.Id,
        RegistrationId = r.Entry.RegistrationId,
        FullName = r.Attendee.FullName,
        Kind = r.Entry.Kind,
        SlotId = r.Entry.SlotId,
        Minutes = r.Entry.Minutes,
        Reason = r.Entry.Reason,
        OccurredAt = Instants.InZone(r.Entry.OccurredAt, r.Meeting.Details.TimeZone),
    };
}
