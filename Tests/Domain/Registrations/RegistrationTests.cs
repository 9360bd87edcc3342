using EventScheduler.Domain.Common;
using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Tests.Domain.Registrations;

public sealed class RegistrationTests
{
    private static readonly DateTimeOffset Now = new(2021, 9, 1, 0, 0, 0, TimeSpan.Zero);
    private static long _seq = 100;

    private static Attendee Someone() => Attendee.Create("Li Yu", "li.yu@example.cn", null, null, "Xi'an Hospital", "Professor", "Hepatobiliary surgery");

    private static Registration New(AttendanceMode mode, bool seatFree) =>
        Registration.SignUp(Guid.NewGuid(), Guid.NewGuid(), ++_seq, Someone(), mode, seatFree, () => "CODE234567", null, Now);

    private static RuleViolation Violation(TestDelegate action) => Assert.Throws<RuleViolation>(action)!;

    [Test]
    public void SignUp_WhenSeatFree_IsConfirmedWithCodeInPersonOnly()
    {
        var hall = New(AttendanceMode.InPerson, seatFree: true);
        var online = New(AttendanceMode.Online, seatFree: true);

        Assert.Multiple(() =>
        {
            Assert.That(hall.Status, Is.EqualTo(RegistrationStatus.Confirmed));
            Assert.That(hall.CheckInCode, Is.EqualTo("CODE234567"));
            Assert.That(hall.QueueMode, Is.Null);
            Assert.That(online.CheckInCode, Is.Null);
        });
    }

    [Test]
    public void SignUp_WhenFull_IsWaitlistedAtItsArrival()
    {
        var r = New(AttendanceMode.InPerson, seatFree: false);

        Assert.Multiple(() =>
        {
            Assert.That(r.Status, Is.EqualTo(RegistrationStatus.Waitlisted));
            Assert.That(r.QueueMode, Is.EqualTo(AttendanceMode.InPerson));
            Assert.That(r.QueueSeq, Is.EqualTo(r.Seq));
            Assert.That(r.CheckInCode, Is.Null);
        });
    }

    [Test]
    public void Promote_WhenWaitlisted_ConfirmsAndIssuesCode()
    {
        var r = New(AttendanceMode.InPerson, seatFree: false);

        var released = r.Promote(() => "NEWCODE234", Now);

        Assert.Multiple(() =>
        {
            Assert.That(released, Is.Null);
            Assert.That(r.Status, Is.EqualTo(RegistrationStatus.Confirmed));
            Assert.That(r.CheckInCode, Is.EqualTo("NEWCODE234"));
            Assert.That(r.QueueMode, Is.Null);
        });
    }

    [Test]
    public void Cancel_WhenConfirmed_ReleasesTheSeat_AndTwiceChangesNothing()
    {
        var r = New(AttendanceMode.Online, seatFree: true);

        Assert.That(r.Cancel(Now), Is.EqualTo(AttendanceMode.Online));
        var version = r.Version;
        Assert.That(r.Cancel(Now), Is.Null);
        Assert.That(r.Version, Is.EqualTo(version));
    }

    [Test]
    public void Cancel_WhenWaitlisted_ReleasesNothing()
    {
        var r = New(AttendanceMode.InPerson, seatFree: false);

        Assert.That(r.Cancel(Now), Is.Null);
        Assert.That(r.QueueMode, Is.Null);
    }

    [Test]
    public void SwitchMode_WhenConfirmedOnlineAndHallFull_JoinsHallListKeepingOnlineSeat()
    {
        var r = New(AttendanceMode.Online, seatFree: true);

        var outcome = r.SwitchMode(AttendanceMode.InPerson, seatFree: false, () => 500, () => "X", Now);

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(new SwitchOutcome(null, AttendanceMode.InPerson, null)));
            Assert.That(r.Mode, Is.EqualTo(AttendanceMode.Online));
            Assert.That(r.Status, Is.EqualTo(RegistrationStatus.Confirmed));
            Assert.That(r.HasPendingSwitch, Is.True);
            Assert.That(r.QueueSeq, Is.EqualTo(500));
        });

        Assert.That(r.Promote(() => "HALLCODE23", Now), Is.EqualTo(AttendanceMode.Online), "promotion releases the online seat");
        Assert.That(r.Mode, Is.EqualTo(AttendanceMode.InPerson));
        Assert.That(r.CheckInCode, Is.EqualTo("HALLCODE23"));
    }

    [Test]
    public void SwitchMode_WhenSeatFree_SwitchesAndReleasesOldSeat()
    {
        var r = New(AttendanceMode.InPerson, seatFree: true);

        var outcome = r.SwitchMode(AttendanceMode.Online, seatFree: true, () => 0, () => "X", Now);

        Assert.That(outcome.ReleasedSeat, Is.EqualTo(AttendanceMode.InPerson));
        Assert.That(r.Mode, Is.EqualTo(AttendanceMode.Online));
        Assert.That(r.IsConfirmedInPerson, Is.False);
    }

    [Test]
    public void SwitchMode_WhenSameModeWithoutPendingRequest_IsRefused()
    {
        var r = New(AttendanceMode.InPerson, seatFree: true);

        Assert.That(Violation(() => r.SwitchMode(AttendanceMode.InPerson, true, () => 0, () => "X", Now)).Code, Is.EqualTo(RegistrationRules.AlreadyInMode));
    }

    [Test]
    public void SwitchMode_WhenCancelledOrCheckedIn_IsRefused()
    {
        var cancelled = New(AttendanceMode.InPerson, seatFree: true);
        cancelled.Cancel(Now);
        var checkedIn = New(AttendanceMode.InPerson, seatFree: true);
        checkedIn.CheckIn(Now);

        Assert.That(Violation(() => cancelled.SwitchMode(AttendanceMode.Online, true, () => 0, () => "X", Now)).Code, Is.EqualTo(RegistrationRules.RegistrationCancelled));
        Assert.That(Violation(() => checkedIn.SwitchMode(AttendanceMode.Online, true, () => 0, () => "X", Now)).Code, Is.EqualTo(RegistrationRules.AlreadyCheckedIn));
    }

    [Test]
    public void CheckIn_Twice_IsRefusedWithTheFirstTime()
    {
        var r = New(AttendanceMode.InPerson, seatFree: true);
        r.CheckIn(Now);

        var violation = Violation(() => r.CheckIn(Now.AddMinutes(5)));

        Assert.That(violation.Code, Is.EqualTo(RegistrationRules.AlreadyCheckedIn));
        Assert.That(violation.Extensions["checkedInAt"], Is.EqualTo(Now));
    }

    [Test]
    public void CheckIn_WhenWaitlistedOrOnline_IsRefused()
    {
        Assert.That(Violation(() => New(AttendanceMode.InPerson, false).CheckIn(Now)).Code, Is.EqualTo(RegistrationRules.NotConfirmed));
        Assert.That(Violation(() => New(AttendanceMode.Online, true).CheckIn(Now)).Code, Is.EqualTo(RegistrationRules.NotConfirmed));
    }

    [TestCase("plain")]
    [TestCase("a@b")]
    [TestCase("a b@example.cn")]
    [TestCase("a@@example.cn")]
    [TestCase("@example.cn")]
    public void Attendee_WhenEmailInvalid_IsRefusedWithoutEchoingIt(string email)
    {
        var violation = Violation(() => Attendee.Create("A", email, null, null, "H", "J", "S"));

        Assert.That(violation.Code, Is.AnyOf(RegistrationRules.EmailInvalid, Text.RequiredCode));
        Assert.That(violation.Message, Does.Not.Contain(email));
    }

    [Test]
    public void Attendee_NormalisesEmailForUniqueness()
    {
        Assert.That(Attendee.Create("A", " Li.Yu@Example.CN ", null, null, "H", "J", "S").EmailNormalised, Is.EqualTo("li.yu@example.cn"));
    }

    [Test]
    public void Attendee_WithoutAnyHospital_IsRefused()
    {
        Assert.That(Violation(() => Attendee.Create("A", "a@example.cn", null, null, " ", "J", "S")).Code, Is.EqualTo(RegistrationRules.HospitalRequired));
    }

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
    public void EnsureCapacityCovers_WhenBelowConfirmed_IsRefused()
    {
        Assert.That(Violation(() => Attendance.EnsureCapacityCovers(4, 5, AttendanceMode.InPerson)).Code, Is.EqualTo(RegistrationRules.CapacityBelowConfirmed));
        Assert.DoesNotThrow(() => Attendance.EnsureCapacityCovers(5, 5, AttendanceMode.InPerson));
        Assert.DoesNotThrow(() => Attendance.EnsureCapacityCovers(null, 5, AttendanceMode.Online));
    }

    [Test]
    public void EnsureOpen_WhenDraftOrOutsideWindow_IsRefused()
    {
        var details = new MeetingDetails
        {
            Title = "T",
            StartsAt = Now.AddDays(10),
            EndsAt = Now.AddDays(10).AddHours(8),
            HostHospitalId = Guid.NewGuid(),
            Venue = new Venue("Hall", null),
            Stream = new StreamInfo("p", "https://x.example"),
            RegistrationClosesAt = Now.AddDays(5),
        };
        var meeting = Meeting.Schedule(Guid.NewGuid(), details, Now);

        Assert.That(Violation(() => Attendance.EnsureOpen(meeting, Now)).Code, Is.EqualTo(RegistrationRules.MeetingNotOpen));
        meeting.Publish(Now);
        Assert.DoesNotThrow(() => Attendance.EnsureOpen(meeting, Now.AddDays(1)));
        Assert.That(Violation(() => Attendance.EnsureOpen(meeting, Now.AddDays(6))).Code, Is.EqualTo(RegistrationRules.RegistrationClosed));
    }
}
