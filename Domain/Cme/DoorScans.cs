using EventScheduler.Domain.Common;
using EventScheduler.Domain.Meetings;

namespace EventScheduler.Domain.Cme;

/// <summary>Who may be recorded at a session door, and when: the evidence a CME office relies on must come from a
/// seat actually held in the hall of a meeting under way, at a session of that meeting.</summary>
public static class DoorScans
{
    /// <summary>Throws the rule a door scan breaks: the meeting not under way (draft, cancelled or completed), the
    /// registration not confirmed in person, or a named session that is not one of the meeting's.</summary>
    /// <param name="slotOfMeeting">Whether the scan's slot (when it names one) belongs to the meeting; the caller looks it up.</param>
    public static void EnsureCanScan(MeetingStatus meetingStatus, bool confirmedInPerson, Guid? slotId, bool slotOfMeeting)
    {
        if (meetingStatus != MeetingStatus.Published)
        {
            throw RuleViolation.Conflict(CmeRules.MeetingNotLive,
                $"The meeting is {meetingStatus.ToString().ToLowerInvariant()}; door scans are taken while it is published.");
        }

        if (!confirmedInPerson)
        {
            throw RuleViolation.Conflict(CmeRules.NotConfirmedInPerson, "Only a confirmed in-person registration is scanned at the door.");
        }

        EnsureSlotOfMeeting(slotId, slotOfMeeting);
    }

    /// <summary>Evidence that names a session (a scan, a correction) must name one of its own meeting's.</summary>
    public static void EnsureSlotOfMeeting(Guid? slotId, bool slotOfMeeting)
    {
        if (slotId is not null && !slotOfMeeting)
        {
            throw RuleViolation.Invalid(CmeRules.SlotNotInMeeting, "'slotId' is not a slot of this meeting.", "slotId");
        }
    }
}
