namespace EventScheduler.Domain.Meetings;

/// <summary>Stable codes of the meeting rules. Integrators branch on these strings: never rename one.</summary>
public static class MeetingRules
{
    public const string EndBeforeStart = "meeting_ends_before_start";
    public const string TooLong = "meeting_too_long";
    public const string TimeOutOfRange = "time_out_of_range";
    public const string TimeZoneUnknown = "time_zone_unknown";
    public const string VenueRequired = "venue_required";
    public const string StreamRequired = "stream_required";
    public const string StreamUrlInvalid = "stream_url_invalid";
    public const string CapacityInvalid = "capacity_invalid";
    public const string CapacityNotApplicable = "capacity_not_applicable";
    public const string SeriesNumberInvalid = "series_number_invalid";
    public const string RegistrationWindowInvalid = "registration_window_invalid";
    public const string InvalidTransition = "invalid_status_transition";
    public const string CancellationReasonRequired = "cancellation_reason_required";
    public const string StartsInPast = "meeting_starts_in_past";
    public const string NotStarted = "meeting_not_started";
    public const string NotDraft = "meeting_not_draft";
    public const string Closed = "meeting_closed";
}
