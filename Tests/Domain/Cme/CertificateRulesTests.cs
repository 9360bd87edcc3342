using EventScheduler.Domain.Cme;
using EventScheduler.Domain.Meetings;
using static EventScheduler.Tests.Domain.Registrations.RegistrationFixtures;

namespace EventScheduler.Tests.Domain.Cme;

public sealed class CertificateRulesTests
{
    private static readonly Accreditation Accredited = Accreditation.Create("Body", "P-1", CreditType.ClassI, 1m, 6m, 0.25m, 85);

    private static Meeting Completed()
    {
        var meeting = OpenMeeting();
        meeting.Complete(meeting.Details.EndsAt);
        return meeting;
    }

    [Test]
    public void EnsureCanIssue_WhenCompletedAndAccredited_Allows() =>
        Assert.DoesNotThrow(() => CertificateRules.EnsureCanIssue(Completed(), Accredited));

    [Test]
    public void EnsureCanIssue_WhenTheMeetingIsStillPublished_NamesTheRule() =>
        Assert.That(Violation(() => CertificateRules.EnsureCanIssue(OpenMeeting(), Accredited)).Code, Is.EqualTo(CmeRules.MeetingNotCompleted));

    [Test]
    public void EnsureCanIssue_WithoutAccreditation_NamesTheRule() =>
        Assert.That(Violation(() => CertificateRules.EnsureCanIssue(Completed(), null)).Code, Is.EqualTo(CmeRules.AccreditationRequired));
}
