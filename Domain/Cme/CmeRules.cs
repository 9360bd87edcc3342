namespace EventScheduler.Domain.Cme;

/// <summary>Stable codes of the continuing-medical-education rules. Integrators and CME offices branch on
/// these strings: never rename one.</summary>
public static class CmeRules
{
    public const string AccreditingBodyRequired = "accrediting_body_required";
    public const string ProjectNumberRequired = "project_number_required";
    public const string CreditsPerHourOutOfRange = "credits_per_hour_out_of_range";
    public const string MaxCreditsOutOfRange = "max_credits_out_of_range";
    public const string RoundingStepOutOfRange = "rounding_step_out_of_range";
    public const string MinimumAttendanceOutOfRange = "minimum_attendance_out_of_range";
    public const string TooManyDecimals = "too_many_decimals";
    public const string AccreditationRequired = "accreditation_required";
    public const string AdjustmentMinutesOutOfRange = "adjustment_minutes_out_of_range";
    public const string AdjustmentReasonRequired = "adjustment_reason_required";
    public const string SlotNotInMeeting = "slot_not_in_meeting";
    public const string NotConfirmedOnline = "not_confirmed_online";
    public const string NotConfirmedInPerson = "not_confirmed_in_person";
    public const string JoinNotOpenYet = "join_not_open_yet";
    public const string JoinClosed = "join_closed";
    public const string NoStream = "no_stream";
    public const string MeetingNotLive = "meeting_not_live";
    public const string MeetingNotCompleted = "meeting_not_completed";
    public const string RevocationReasonRequired = "revocation_reason_required";
    public const string AlreadyRevoked = "certificate_already_revoked";
    public const string CertificateRevoked = "certificate_revoked";
}
