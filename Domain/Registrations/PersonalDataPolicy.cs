using EventScheduler.Domain.Common;
using EventScheduler.Domain.Meetings;

namespace EventScheduler.Domain.Registrations;

/// <summary>What of an attendee's personal data is kept, and until when (PIPL, GDPR: no longer than the purpose needs).
/// Contact data (e-mail, phone) and free text (job title, specialty, a typed hospital name) serve the meeting: mails,
/// the roster, the door. They go <see cref="DefaultContactDataRetention"/> after the meeting ends, or at once on request.
/// The name and the hospital also serve continuing medical education: an attendance record or a certificate must say who
/// attended, so they stay as long as the registration has CME evidence (door scans, online heartbeats, corrections) or a
/// certificate — records the accreditor may ask for for years (the CME tables keep them). Counts stay: status, mode and
/// check-in time are not personal once nothing names the person.</summary>
public static class PersonalDataPolicy
{
    /// <summary>A year after the meeting ends: long enough for follow-up questions, certificates and the next
    /// meeting of the series' invitations; short enough that a register of surgeons' phones does not build up.</summary>
    public static readonly TimeSpan DefaultContactDataRetention = TimeSpan.FromDays(365);

    /// <summary>True once the meeting ended longer ago than <paramref name="retention"/>.</summary>
    public static bool IsDue(DateTimeOffset meetingEndsAt, TimeSpan retention, DateTimeOffset now) => now - meetingEndsAt > retention;

    /// <summary>Meetings that ended before this instant are due at <paramref name="now"/> (the bound a store queries with).</summary>
    public static DateTimeOffset DueIfEndedBefore(TimeSpan retention, DateTimeOffset now) => now - retention;

    /// <summary>Contact data only while CME evidence or a certificate needs the name and hospital; else everything.</summary>
    public static ErasureScope ScopeFor(bool hasCmeEvidence, bool hasCertificate) =>
        hasCmeEvidence || hasCertificate ? ErasureScope.ContactData : ErasureScope.Everything;

    /// <summary>An erasure on request is refused while the registration still holds or waits for a place in a meeting
    /// ahead: the attendee would lose the seat without being told (the cancellation mail needs the address). Cancel it
    /// first, then erase. A cancelled registration, or one of a meeting that ended, was cancelled or completed, can go.</summary>
    public static void EnsureErasable(Registration registration, Meeting meeting, DateTimeOffset now)
    {
        var meetingOver = meeting.Status is MeetingStatus.Cancelled or MeetingStatus.Completed || meeting.Details.EndsAt <= now;
        if (registration.Status != RegistrationStatus.Cancelled && !meetingOver)
        {
            throw RuleViolation.Conflict(RegistrationRules.RegistrationActive,
                "The registration is active for a meeting still ahead: cancel it first (the attendee is told), then erase it.");
        }
    }
}
