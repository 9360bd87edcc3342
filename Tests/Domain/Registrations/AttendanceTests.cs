using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Registrations;
using static EventScheduler.Tests.Domain.Registrations.RegistrationFixtures;

namespace EventScheduler.Tests.Domain.Registrations;

/// <summary>The rules about a meeting that decide whether, and how, someone may register.</summary>
public sealed class AttendanceTests
{
    [TestCase(MeetingFormat.Hybrid, AttendanceMode.InPerson, true)]
    [TestCase(MeetingFormat.Hybrid, AttendanceMode.Online, true)]
    [TestCase(MeetingFormat.InPerson, AttendanceMode.Online, false)]
    [TestCase(MeetingFormat.Online, AttendanceMode.InPerson, false)]
    public void IsOffered_FollowsFormat(MeetingFormat format, AttendanceMode mode, bool offered) =>
        Assert.That(Attendance.IsOffered(format, mode), Is.EqualTo(offered));

    [TestCase(null, 1000, true)]
    [TestCase(20, 19, true)]
    [TestCase(20, 20, false)]
    [TestCase(0, 0, false)]
    public void HasSeat_NullIsUnlimited(int? capacity, int confirmed, bool expected) =>
        Assert.That(Attendance.HasSeat(capacity, confirmed), Is.EqualTo(expected));

    [Test]
    public void EnsureCapacityCovers_WhenBelowConfirmed_IsRefusedCapacityBelowConfirmed()
    {
        var violation = Violation(() => Attendance.EnsureCapacityCovers(4, 5, AttendanceMode.InPerson));

        Assert.That((violation.Code, violation.Field, violation.Extensions["confirmed"]),
            Is.EqualTo((RegistrationRules.CapacityBelowConfirmed, "inPersonCapacity", (object)5)));
    }

    [TestCase(5, AttendanceMode.InPerson)]
    [TestCase(null, AttendanceMode.Online)]
    public void EnsureCapacityCovers_WhenEqualOrUnlimited_Accepts(int? capacity, AttendanceMode mode) =>
        Assert.DoesNotThrow(() => Attendance.EnsureCapacityCovers(capacity, 5, mode));

    [Test]
    public void EnsureFormatKeepsRegistrations_WhenDroppingAModeInUse_IsRefusedModeInUse()
    {
        var violation = Violation(() => Attendance.EnsureFormatKeepsRegistrations(MeetingFormat.InPerson, AttendanceMode.Online, 3));

        Assert.That((violation.Code, violation.Extensions["registrations"]), Is.EqualTo((RegistrationRules.ModeInUse, (object)3)));
    }

    [Test]
    public void EnsureFormatKeepsRegistrations_WhenTheDroppedModeIsUnused_Accepts() =>
        Assert.DoesNotThrow(() => Attendance.EnsureFormatKeepsRegistrations(MeetingFormat.InPerson, AttendanceMode.Online, 0));

    [Test]
    public void EnsureModeOffered_WhenTheFormatLacksTheMode_IsRefusedModeNotOffered() =>
        Assert.That(Violation(() => Attendance.EnsureModeOffered(OpenMeeting(format: MeetingFormat.Online), AttendanceMode.InPerson)).Code,
            Is.EqualTo(RegistrationRules.ModeNotOffered));

    [Test]
    public void EnsureOpen_WhenDraft_IsRefusedMeetingNotOpen() =>
        Assert.That(Violation(() => Attendance.EnsureOpen(Meeting.Schedule(Guid.NewGuid(), Details(), Now), Now)).Code, Is.EqualTo(RegistrationRules.MeetingNotOpen));

    [Test]
    public void EnsureOpen_WhenPublishedInsideTheWindow_Accepts() =>
        Assert.DoesNotThrow(() => Attendance.EnsureOpen(OpenMeeting(), Now.AddDays(1)));

    [Test]
    public void EnsureOpen_WhenAfterTheWindow_IsRefusedRegistrationClosedWithTheWindow()
    {
        var violation = Violation(() => Attendance.EnsureOpen(OpenMeeting(), Now.AddDays(6)));

        Assert.That(violation.Code, Is.EqualTo(RegistrationRules.RegistrationClosed));
        Assert.That(violation.Extensions["registrationClosesAt"], Is.EqualTo(Now.AddDays(5)));
    }

    [Test]
    public void EnsureNotRegistered_WhenTheEmailIsTaken_IsRefusedAlreadyRegistered() =>
        Assert.That(Violation(() => Attendance.EnsureNotRegistered(emailTaken: true)).Code, Is.EqualTo(RegistrationRules.AlreadyRegistered));
}
