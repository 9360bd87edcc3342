using EventScheduler.Domain.Cme;
using EventScheduler.Domain.Meetings;
using static EventScheduler.Tests.Domain.Registrations.RegistrationFixtures;

namespace EventScheduler.Tests.Domain.Cme;

public sealed class OnlineAttendanceTests
{
    private static Meeting Hybrid() => OpenMeeting(inPerson: 10, online: 100);

    private static DateTimeOffset StartOf(Meeting m) => m.Details.StartsAt;

    [Test]
    public void EnsureCanWatch_WhenConfirmedOnlineInsideTheWindow_Allows()
    {
        var meeting = Hybrid();
        Assert.DoesNotThrow(() => OnlineAttendance.EnsureCanWatch(meeting, confirmedOnline: true, StartOf(meeting).AddMinutes(-30)));
    }

    [Test]
    public void EnsureCanWatch_WhenNotConfirmedOnline_NamesTheRule()
    {
        var meeting = Hybrid();
        Assert.That(Violation(() => OnlineAttendance.EnsureCanWatch(meeting, confirmedOnline: false, StartOf(meeting))).Code,
            Is.EqualTo(CmeRules.NotConfirmedOnline));
    }

    [Test]
    public void EnsureCanWatch_WhenMoreThanTheLeadBeforeTheStart_SaysWhenItOpens()
    {
        var meeting = Hybrid();
        var violation = Violation(() => OnlineAttendance.EnsureCanWatch(meeting, true, StartOf(meeting).AddMinutes(-31)));
        Assert.Multiple(() =>
        {
            Assert.That(violation.Code, Is.EqualTo(CmeRules.JoinNotOpenYet));
            Assert.That(violation.Extensions["opensAt"], Is.EqualTo(StartOf(meeting) - OnlineAttendance.JoinLead));
        });
    }

    [Test]
    public void EnsureCanWatch_WhenTheMeetingHasEnded_SaysWhenItClosed()
    {
        var meeting = Hybrid();
        var violation = Violation(() => OnlineAttendance.EnsureCanWatch(meeting, true, meeting.Details.EndsAt));
        Assert.Multiple(() =>
        {
            Assert.That(violation.Code, Is.EqualTo(CmeRules.JoinClosed));
            Assert.That(violation.Extensions["closedAt"], Is.EqualTo(meeting.Details.EndsAt));
        });
    }

    [Test]
    public void EnsureCanWatch_WhenTheMeetingWasCancelled_IsClosed()
    {
        var meeting = Hybrid();
        meeting.Cancel("Theatre unavailable", Now);
        Assert.That(Violation(() => OnlineAttendance.EnsureCanWatch(meeting, true, StartOf(meeting))).Code, Is.EqualTo(CmeRules.JoinClosed));
    }

    [Test]
    public void EnsureCanWatch_WhenTheMeetingHasNoStream_NamesTheRule()
    {
        // Only an in-person meeting may lack a stream; the guard keeps a registration left online by a format change out.
        var meeting = OpenMeeting(format: MeetingFormat.InPerson);
        Assert.That(Violation(() => OnlineAttendance.EnsureCanWatch(meeting, true, StartOf(meeting))).Code, Is.EqualTo(CmeRules.NoStream));
    }
}
