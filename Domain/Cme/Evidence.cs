using EventScheduler.Domain.Common;

namespace EventScheduler.Domain.Cme;

/// <summary>What an entry of the attendance ledger says happened.</summary>
public enum EvidenceKind
{
    /// <summary>Checked in at the venue's desk (the registration's check-in).</summary>
    CheckIn,

    /// <summary>Scanned in at the venue or, with a slot, at that session's door.</summary>
    ScanIn,

    /// <summary>Scanned out at the venue or, with a slot, at that session's door.</summary>
    ScanOut,

    /// <summary>Opened the personal join link of an online registration.</summary>
    Join,

    /// <summary>The attendee's page confirmed watching (sent every minute while the stream plays).</summary>
    Heartbeat,

    /// <summary>An organiser's correction: minutes added to (or taken from) one slot, with a reason.</summary>
    Adjustment,
}

/// <summary>How an entry came to be recorded.</summary>
public enum EvidenceMethod
{
    CheckInDesk,
    DoorScan,
    JoinLink,
    AttendeePage,
    OrganiserCorrection,
}

/// <summary>One entry of the append-only attendance ledger of a registration: who (<see cref="RegistrationId"/>),
/// what (<see cref="Kind"/>, <see cref="SlotId"/>, <see cref="Minutes"/>), when (<see cref="OccurredAt"/>) and
/// how it was recorded (<see cref="Method"/>, <see cref="RecordedBy"/>). Entries are never edited or deleted:
/// a correction is a new <see cref="EvidenceKind.Adjustment"/> entry with its reason and organiser.</summary>
public sealed record EvidenceEntry
{
    public const int MaxReasonLength = 1000;

    /// <summary>An adjustment moves at most a day's worth of minutes (no slot is longer).</summary>
    public const int MaxAdjustmentMinutes = 24 * 60;

    private EvidenceEntry(Guid registrationId, EvidenceKind kind, DateTimeOffset occurredAt, Guid? slotId, int? minutes, string? reason,
        EvidenceMethod method, string? recordedBy)
    {
        RegistrationId = registrationId;
        Kind = kind;
        OccurredAt = occurredAt;
        SlotId = slotId;
        Minutes = minutes;
        Reason = reason;
        Method = method;
        RecordedBy = recordedBy;
    }

    public Guid RegistrationId { get; }
    public EvidenceKind Kind { get; }
    public DateTimeOffset OccurredAt { get; }

    /// <summary>For a door scan: the session whose door it was (none: the venue's entrance). For an adjustment: the slot corrected.</summary>
    public Guid? SlotId { get; }

    /// <summary>Adjustments only: minutes added (positive) or taken away (negative).</summary>
    public int? Minutes { get; }

    /// <summary>Adjustments only: why.</summary>
    public string? Reason { get; }

    public EvidenceMethod Method { get; }

    /// <summary>The API key id of the desk, door or organiser that recorded it; null when the attendee's own link or page did.</summary>
    public string? RecordedBy { get; }

    public static EvidenceEntry CheckIn(Guid registrationId, DateTimeOffset at) =>
        new(registrationId, EvidenceKind.CheckIn, at, null, null, null, EvidenceMethod.CheckInDesk, null);

    public static EvidenceEntry Scan(Guid registrationId, bool entering, Guid? slotId, DateTimeOffset at, string? recordedBy) =>
        new(registrationId, entering ? EvidenceKind.ScanIn : EvidenceKind.ScanOut, at, slotId, null, null, EvidenceMethod.DoorScan, recordedBy);

    public static EvidenceEntry Join(Guid registrationId, DateTimeOffset at) =>
        new(registrationId, EvidenceKind.Join, at, null, null, null, EvidenceMethod.JoinLink, null);

    public static EvidenceEntry Heartbeat(Guid registrationId, DateTimeOffset at) =>
        new(registrationId, EvidenceKind.Heartbeat, at, null, null, null, EvidenceMethod.AttendeePage, null);

    /// <summary>An organiser's correction; checks its minutes and reason.</summary>
    public static EvidenceEntry Adjustment(Guid registrationId, Guid slotId, int minutes, string? reason, DateTimeOffset at, string? organiser)
    {
        if (minutes == 0 || Math.Abs(minutes) > MaxAdjustmentMinutes)
        {
            throw RuleViolation.Invalid(CmeRules.AdjustmentMinutesOutOfRange,
                $"'minutes' must be non-zero and between -{MaxAdjustmentMinutes} and {MaxAdjustmentMinutes}.", "minutes");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            throw RuleViolation.Invalid(CmeRules.AdjustmentReasonRequired, "A correction needs a 'reason' for the record.", "reason");
        }

        return new EvidenceEntry(registrationId, EvidenceKind.Adjustment, at, slotId, minutes, Text.Required(reason, "reason", MaxReasonLength),
            EvidenceMethod.OrganiserCorrection, organiser);
    }

    /// <summary>Rebuilds an entry read back from the ledger (already checked when it was recorded).</summary>
    public static EvidenceEntry Restore(Guid registrationId, EvidenceKind kind, DateTimeOffset occurredAt, Guid? slotId, int? minutes, string? reason,
        EvidenceMethod method, string? recordedBy) =>
        new(registrationId, kind, occurredAt, slotId, minutes, reason, method, recordedBy);
}
