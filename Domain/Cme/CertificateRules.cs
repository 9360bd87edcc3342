using EventScheduler.Domain.Common;
using EventScheduler.Domain.Meetings;

namespace EventScheduler.Domain.Cme;

/// <summary>When certificates may be issued.</summary>
public static class CertificateRules
{
    /// <summary>Credits are final only once the meeting is over: certificates come after completion.</summary>
    public static void EnsureCanIssue(Meeting meeting, Accreditation? accreditation)
    {
        if (meeting.Status != MeetingStatus.Completed)
        {
            throw RuleViolation.Conflict(CmeRules.MeetingNotCompleted,
                $"The meeting is {meeting.Status.ToString().ToLowerInvariant()}; certificates are issued once it is completed.");
        }

        if (accreditation is null)
        {
            throw RuleViolation.Conflict(CmeRules.AccreditationRequired, "The meeting has no accreditation; set it with PUT /meetings/{id}/accreditation.");
        }
    }
}
