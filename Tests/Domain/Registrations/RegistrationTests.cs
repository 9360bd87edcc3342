using EventScheduler.Domain.Registrations;
using static EventScheduler.Tests.Domain.Registrations.RegistrationFixtures;

namespace EventScheduler.Tests.Domain.Registrations;

/// <summary>The registration entity's verbs on their own (the seat policy that calls them: MeetingSeatsTests).</summary>
public sealed class RegistrationTests
{
    [Test]
    public void SignUp_WhenSeatFreeInPerson_IsConfirmedWithCode()
    {
        var r = NewRegistration(AttendanceMode.InPerson, seatFree: true);

        Assert.Multiple(() =>
        {
            Assert.That(r.Status, Is.EqualTo(RegistrationStatus.Confirmed));
            Assert.That(r.CheckInCode, Is.EqualTo("CODE234567"));
            Assert.That(r.QueueMode, Is.Null);
        });
    }

    [Test]
    public void SignUp_WhenSeatFreeOnline_IsConfirmedWithoutCode()
    {
        var r = NewRegistration(AttendanceMode.Online, seatFree: true);

        Assert.That(r.Status, Is.EqualTo(RegistrationStatus.Confirmed));
        Assert.That(r.CheckInCode, Is.Null);
    }

    [Test]
    public void SignUp_WhenFull_IsWaitlistedAtItsArrival()
    {
        var r = NewRegistration(AttendanceMode.InPerson, seatFree: false);

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
        var r = NewRegistration(AttendanceMode.InPerson, seatFree: false);

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
    public void Promote_WhenNotInAList_Throws()
    {
        var r = NewRegistration(AttendanceMode.InPerson, seatFree: true);

        Assert.Throws<InvalidOperationException>(() => r.Promote(() => "X", Now));
    }

    [Test]
    public void Cancel_WhenConfirmed_ReleasesTheSeatAndKeepsTheReason()
    {
        var r = NewRegistration(AttendanceMode.Online, seatFree: true);

        Assert.That(r.Cancel(CancellationReason.Organiser, Now), Is.EqualTo(AttendanceMode.Online));
        Assert.That(r.CancellationReason, Is.EqualTo(CancellationReason.Organiser));
    }

    [Test]
    public void Cancel_WhenAlreadyCancelled_ChangesNothing()
    {
        var r = NewRegistration(AttendanceMode.Online, seatFree: true);
        r.Cancel(CancellationReason.Attendee, Now);
        var version = r.Version;

        Assert.That(r.Cancel(CancellationReason.MeetingCancelled, Now), Is.Null);
        Assert.That((r.Version, r.CancellationReason), Is.EqualTo((version, (CancellationReason?)CancellationReason.Attendee)));
    }

    [Test]
    public void Cancel_WhenWaitlisted_ReleasesNothingAndLeavesTheList()
    {
        var r = NewRegistration(AttendanceMode.InPerson, seatFree: false);

        Assert.That(r.Cancel(CancellationReason.Attendee, Now), Is.Null);
        Assert.That(r.QueueMode, Is.Null);
    }

    [Test]
    public void SwitchMode_WhenConfirmedOnlineAndHallFull_JoinsHallListKeepingOnlineSeat()
    {
        var r = NewRegistration(AttendanceMode.Online, seatFree: true);

        var outcome = r.SwitchMode(AttendanceMode.InPerson, seatFree: false, () => 500, () => "X", Now);

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(new SwitchOutcome(null, AttendanceMode.InPerson, null)));
            Assert.That(r.Mode, Is.EqualTo(AttendanceMode.Online));
            Assert.That(r.Status, Is.EqualTo(RegistrationStatus.Confirmed));
            Assert.That(r.HasPendingSwitch, Is.True);
            Assert.That(r.QueueSeq, Is.EqualTo(500));
        });
    }

    [Test]
    public void Promote_WhenSwitchPending_MovesSeatAndReleasesTheOldOne()
    {
        var r = NewRegistration(AttendanceMode.Online, seatFree: true);
        r.SwitchMode(AttendanceMode.InPerson, seatFree: false, () => 500, () => "X", Now);

        var released = r.Promote(() => "HALLCODE23", Now);

        Assert.Multiple(() =>
        {
            Assert.That(released, Is.EqualTo(AttendanceMode.Online));
            Assert.That(r.Mode, Is.EqualTo(AttendanceMode.InPerson));
            Assert.That(r.CheckInCode, Is.EqualTo("HALLCODE23"));
        });
    }

    [Test]
    public void SwitchMode_WhenSeatFree_SwitchesAndReleasesOldSeat()
    {
        var r = NewRegistration(AttendanceMode.InPerson, seatFree: true);

        var outcome = r.SwitchMode(AttendanceMode.Online, seatFree: true, () => 0, () => "X", Now);

        Assert.That(outcome.ReleasedSeat, Is.EqualTo(AttendanceMode.InPerson));
        Assert.That((r.Mode, r.IsConfirmedInPerson), Is.EqualTo((AttendanceMode.Online, false)));
    }

    [Test]
    public void SwitchMode_WhenWaitlistedAndOtherModeFull_MovesToTheEndOfTheOtherList()
    {
        var r = NewRegistration(AttendanceMode.InPerson, seatFree: false);

        var outcome = r.SwitchMode(AttendanceMode.Online, seatFree: false, () => 900, () => "X", Now);

        Assert.That(outcome, Is.EqualTo(new SwitchOutcome(AttendanceMode.InPerson, AttendanceMode.Online, null)));
        Assert.That((r.Status, r.Mode, r.QueueSeq), Is.EqualTo((RegistrationStatus.Waitlisted, AttendanceMode.Online, (long?)900)));
    }

    [Test]
    public void SwitchMode_WhenAskingForTheHeldModeWithSwitchPending_WithdrawsTheSwitch()
    {
        var r = NewRegistration(AttendanceMode.Online, seatFree: true);
        r.SwitchMode(AttendanceMode.InPerson, seatFree: false, () => 500, () => "X", Now);

        var outcome = r.SwitchMode(AttendanceMode.Online, seatFree: false, () => 600, () => "X", Now);

        Assert.That(outcome, Is.EqualTo(new SwitchOutcome(AttendanceMode.InPerson, null, null)));
        Assert.That(r.HasPendingSwitch, Is.False);
    }

    [Test]
    public void SwitchMode_WhenSameModeWithoutPendingRequest_IsRefusedAlreadyInMode()
    {
        var r = NewRegistration(AttendanceMode.InPerson, seatFree: true);

        Assert.That(Violation(() => r.SwitchMode(AttendanceMode.InPerson, true, () => 0, () => "X", Now)).Code, Is.EqualTo(RegistrationRules.AlreadyInMode));
    }

    [Test]
    public void SwitchMode_WhenAlreadyWaitingForThatMode_IsRefusedAlreadyWaitlisted()
    {
        var r = NewRegistration(AttendanceMode.Online, seatFree: true);
        r.SwitchMode(AttendanceMode.InPerson, seatFree: false, () => 500, () => "X", Now);

        Assert.That(Violation(() => r.SwitchMode(AttendanceMode.InPerson, false, () => 0, () => "X", Now)).Code,
            Is.EqualTo(RegistrationRules.AlreadyWaitlisted));
    }

    [Test]
    public void SwitchMode_WhenCancelled_IsRefusedRegistrationCancelled()
    {
        var r = NewRegistration(AttendanceMode.InPerson, seatFree: true);
        r.Cancel(CancellationReason.Attendee, Now);

        Assert.That(Violation(() => r.SwitchMode(AttendanceMode.Online, true, () => 0, () => "X", Now)).Code,
            Is.EqualTo(RegistrationRules.RegistrationCancelled));
    }

    [Test]
    public void SwitchMode_WhenCheckedIn_IsRefusedAlreadyCheckedIn()
    {
        var r = NewRegistration(AttendanceMode.InPerson, seatFree: true);
        r.CheckIn(Now);

        Assert.That(Violation(() => r.SwitchMode(AttendanceMode.Online, true, () => 0, () => "X", Now)).Code, Is.EqualTo(RegistrationRules.AlreadyCheckedIn));
    }

    [Test]
    public void CheckIn_Twice_IsRefusedWithTheFirstTime()
    {
        var r = NewRegistration(AttendanceMode.InPerson, seatFree: true);
        r.CheckIn(Now);

        var violation = Violation(() => r.CheckIn(Now.AddMinutes(5)));

        Assert.That(violation.Code, Is.EqualTo(RegistrationRules.AlreadyCheckedIn));
        Assert.That(violation.Extensions["checkedInAt"], Is.EqualTo(Now));
    }

    [Test]
    public void CheckIn_WhenWaitlisted_IsRefusedNotConfirmed() =>
        Assert.That(Violation(() => NewRegistration(AttendanceMode.InPerson, false).CheckIn(Now)).Code, Is.EqualTo(RegistrationRules.NotConfirmed));

    [Test]
    public void CheckIn_WhenOnline_IsRefusedNotConfirmed() =>
        Assert.That(Violation(() => NewRegistration(AttendanceMode.Online, true).CheckIn(Now)).Code, Is.EqualTo(RegistrationRules.NotConfirmed));

    [Test]
    public void State_WhenSwitchPending_CountsTheHeldSeatAndTheList()
    {
        var r = NewRegistration(AttendanceMode.Online, seatFree: true);
        r.SwitchMode(AttendanceMode.InPerson, seatFree: false, () => 500, () => "X", Now);

        Assert.That(r.State, Is.EqualTo(new RegistrationState(AttendanceMode.Online, RegistrationStatus.Confirmed, AttendanceMode.InPerson, false)));
    }
}
