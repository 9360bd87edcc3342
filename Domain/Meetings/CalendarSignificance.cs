namespace EventScheduler.Domain.Meetings;

/// <summary>Which edits of a meeting a calendar must announce as an updated invitation (RFC 5546 §2.1.4: SEQUENCE
/// rises with significant changes): its time, its place, or its status as a calendar shows it (tentative while a
/// draft, confirmed once published or completed, cancelled). A new title, description or capacity is not one;
/// neither is completing a meeting, which a calendar shows as it was.</summary>
public static class CalendarSignificance
{
    public static bool Of(MeetingDetails before, MeetingStatus statusBefore, MeetingDetails after, MeetingStatus statusAfter) =>
        before.StartsAt != after.StartsAt
        || before.EndsAt != after.EndsAt
        || !string.Equals(before.TimeZone, after.TimeZone, StringComparison.Ordinal)
        || before.Venue != after.Venue
        || !string.Equals(before.City, after.City, StringComparison.Ordinal)
        || !string.Equals(before.Province, after.Province, StringComparison.Ordinal)
        || Shown(statusBefore) != Shown(statusAfter);

    private static MeetingStatus Shown(MeetingStatus status) => status == MeetingStatus.Completed ? MeetingStatus.Published : status;
}
