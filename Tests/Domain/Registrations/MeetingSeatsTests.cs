using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Registrations;
using static EventScheduler.Tests.Domain.Registrations.RegistrationFixtures;

namespace EventScheduler.Tests.Domain.Registrations;

/// <summary>The seat and waiting-list policy of a meeting, one rule per test.</summary>
public sealed class MeetingSeatsTests
{
    private const AttendanceMode Hall = AttendanceMode.InPerson;
    private const AttendanceMode Online = AttendanceMode.Online;

    [Test]
    public void SignUp_WhenASeatIsFree_Confirms()
    {
        var store = new InMemoryRegistrations(OpenMeeting(inPerson: 1));

        var decision = store.SignUp(Hall);

        Assert.That((decision.Subject.Status, decision.WaitlistPosition), Is.EqualTo((RegistrationStatus.Confirmed, (int?)null)));
        Assert.That(decision.Changes.Single().Kind, Is.EqualTo(RegistrationChangeKind.SignedUp));
    }

    [Test]
    public void SignUp_WhenFull_WaitlistsAtTheEndWithItsPosition()
    {
        var store = new InMemoryRegistrations(OpenMeeting(inPerson: 1));
        store.SignUp(Hall);
        store.SignUp(Hall);

        var third = store.SignUp(Hall);

        Assert.That((third.Subject.Status, third.WaitlistPosition), Is.EqualTo((RegistrationStatus.Waitlisted, (int?)2)));
    }

    [Test]
    public void SignUp_WhenASeatIsFreeButSomeoneWaitsForIt_WaitlistsBehindThem()
    {
        // Counts as a paused meeting could leave them; the newcomer must not overtake the one waiting.
        var counts = new SeatCounts(new ModeTally(Confirmed: 0, Waitlisted: 1, PendingSwitchesInto: 0, Cancelled: 0, CheckedIn: 0), default);
        var seats = new MeetingSeats(OpenMeeting(inPerson: 5), counts, 1, new InMemoryRegistrations(OpenMeeting()), () => "X");

        var decision = seats.SignUp(Guid.NewGuid(), Someone(), Hall, emailTaken: false, null, Now);

        Assert.That((decision.Subject.Status, decision.WaitlistPosition), Is.EqualTo((RegistrationStatus.Waitlisted, (int?)2)));
    }

    [Test]
    public void SignUp_WhenTheEmailIsTaken_IsRefusedAlreadyRegistered()
    {
        var store = new InMemoryRegistrations(OpenMeeting());
        store.SignUp(Hall, "zhang.wei@example.cn");

        Assert.That(Violation(() => store.SignUp(Online, "Zhang.Wei@example.cn")).Code, Is.EqualTo(RegistrationRules.AlreadyRegistered));
    }

    [Test]
    public void SignUp_WhenTheModeIsNotOffered_IsRefusedModeNotOffered()
    {
        var store = new InMemoryRegistrations(OpenMeeting(format: MeetingFormat.InPerson));

        Assert.That(Violation(() => store.SignUp(Online)).Code, Is.EqualTo(RegistrationRules.ModeNotOffered));
    }

    [Test]
    public void Cancel_WhenConfirmed_PromotesTheFirstWaitingOfThatMode()
    {
        var store = new InMemoryRegistrations(OpenMeeting(inPerson: 1));
        var holder = store.SignUp(Hall).Subject;
        var first = store.SignUp(Hall).Subject;
        var second = store.SignUp(Hall).Subject;

        var decision = store.Cancel(holder.Id);

        Assert.That(decision.Changes.Select(c => (c.Registration.Id, c.Kind)),
            Is.EqualTo(new[] { (holder.Id, RegistrationChangeKind.Cancelled), (first.Id, RegistrationChangeKind.Promoted) }));
        Assert.That(store.Load(second.Id).Status, Is.EqualTo(RegistrationStatus.Waitlisted));
    }

    [Test]
    public void Cancel_WhenWaitlisted_PromotesNobody()
    {
        var store = new InMemoryRegistrations(OpenMeeting(inPerson: 1));
        store.SignUp(Hall);
        var waiting = store.SignUp(Hall).Subject;
        store.SignUp(Hall);

        var decision = store.Cancel(waiting.Id);

        Assert.That(decision.Changes.Select(c => c.Kind), Is.EqualTo(new[] { RegistrationChangeKind.Cancelled }));
    }

    [Test]
    public void Cancel_WhenAlreadyCancelled_ChangesNothing()
    {
        var store = new InMemoryRegistrations(OpenMeeting());
        var r = store.SignUp(Hall).Subject;
        store.Cancel(r.Id);

        Assert.That(store.Cancel(r.Id).Changes, Is.Empty);
    }

    [Test]
    public void Cancel_WhenThePromotedOneWasSwitching_PassesItsOldSeatOn()
    {
        var store = new InMemoryRegistrations(OpenMeeting(inPerson: 1, online: 1));
        var hall = store.SignUp(Hall).Subject;
        var switcher = store.SignUp(Online).Subject;
        store.Switch(switcher.Id, Hall);
        var waitingOnline = store.SignUp(Online).Subject;

        store.Cancel(hall.Id);

        Assert.Multiple(() =>
        {
            Assert.That((store.Load(switcher.Id).Status, store.Load(switcher.Id).Mode), Is.EqualTo((RegistrationStatus.Confirmed, Hall)));
            Assert.That(store.Load(waitingOnline.Id).Status, Is.EqualTo(RegistrationStatus.Confirmed), "the online seat it left went on");
        });
    }

    [Test]
    public void Cancel_WhenTheChainComesBackToTheCancelledOnesList_SkipsThem()
    {
        var store = new InMemoryRegistrations(OpenMeeting(inPerson: 1, online: 1));
        var a = store.SignUp(Hall).Subject;
        var r = store.SignUp(Online).Subject;
        store.Switch(r.Id, Hall);
        store.Switch(a.Id, Online);
        var w = store.SignUp(Hall).Subject;

        // r frees its online seat; a takes it and frees the hall seat; the hall list's stored head is r itself.
        store.Cancel(r.Id);

        Assert.Multiple(() =>
        {
            Assert.That(store.Load(r.Id).Status, Is.EqualTo(RegistrationStatus.Cancelled));
            Assert.That((store.Load(a.Id).Status, store.Load(a.Id).Mode), Is.EqualTo((RegistrationStatus.Confirmed, Online)));
            Assert.That((store.Load(w.Id).Status, store.Load(w.Id).Mode), Is.EqualTo((RegistrationStatus.Confirmed, Hall)));
        });
    }

    [Test]
    public void SwitchMode_WhenTheOtherModeIsFull_KeepsTheSeatAndJoinsTheEndOfThatList()
    {
        var store = new InMemoryRegistrations(OpenMeeting(inPerson: 1));
        store.SignUp(Hall);
        store.SignUp(Hall);
        var online = store.SignUp(Online).Subject;

        var decision = store.Switch(online.Id, Hall);

        Assert.That((decision.Subject.Status, decision.Subject.Mode, decision.Subject.HasPendingSwitch, decision.WaitlistPosition),
            Is.EqualTo((RegistrationStatus.Confirmed, Online, true, (int?)2)));
    }

    [Test]
    public void SwitchMode_WhenTheOtherModeHasASeat_SwitchesAndPassesTheOldSeatOn()
    {
        var store = new InMemoryRegistrations(OpenMeeting(inPerson: 1, online: 5));
        var hall = store.SignUp(Hall).Subject;
        var waiting = store.SignUp(Hall).Subject;

        var decision = store.Switch(hall.Id, Online);

        Assert.That(decision.Changes.Select(c => (c.Registration.Id, c.Kind)),
            Is.EqualTo(new[] { (hall.Id, RegistrationChangeKind.ModeSwitched), (waiting.Id, RegistrationChangeKind.Promoted) }));
    }

    [Test]
    public void SwitchMode_WhenTheWindowHasClosed_IsRefusedRegistrationClosed()
    {
        var store = new InMemoryRegistrations(OpenMeeting());
        var r = store.SignUp(Hall).Subject;

        Assert.That(Violation(() => store.Seats.SwitchMode(store.Load(r.Id), Online, Now.AddDays(6))).Code, Is.EqualTo(RegistrationRules.RegistrationClosed));
    }

    [Test]
    public void Reconfigure_WhenCapacityIsRaised_PromotesInArrivalOrder()
    {
        var store = new InMemoryRegistrations(OpenMeeting(inPerson: 1));
        store.SignUp(Hall);
        var first = store.SignUp(Hall).Subject;
        var second = store.SignUp(Hall).Subject;
        var third = store.SignUp(Hall).Subject;

        store.Save(store.Seats.Reconfigure(WithCapacities(store.Seats.Meeting, 3, null), Now));

        Assert.That(new[] { first, second, third }.Select(r => store.Load(r.Id).Status),
            Is.EqualTo(new[] { RegistrationStatus.Confirmed, RegistrationStatus.Confirmed, RegistrationStatus.Waitlisted }));
    }

    [Test]
    public void Reconfigure_WhenCapacityBecomesUnlimited_PromotesEveryone()
    {
        var store = new InMemoryRegistrations(OpenMeeting(inPerson: 1));
        for (var i = 0; i < 4; i++)
        {
            store.SignUp(Hall);
        }

        store.Save(store.Seats.Reconfigure(WithCapacities(store.Seats.Meeting, null, null), Now));

        Assert.That(store.All.Select(r => r.Status), Is.All.EqualTo(RegistrationStatus.Confirmed));
    }

    [Test]
    public void Reconfigure_WhenRaisedAndTheHeadIsSwitching_ChainsThroughBothLists()
    {
        var store = new InMemoryRegistrations(OpenMeeting(inPerson: 1, online: 1));
        store.SignUp(Hall);
        var switcher = store.SignUp(Online).Subject;
        store.Switch(switcher.Id, Hall);
        var waitingOnline = store.SignUp(Online).Subject;

        var changes = store.Seats.Reconfigure(WithCapacities(store.Seats.Meeting, 2, 1), Now);
        store.Save(changes);

        Assert.That(changes.Select(c => c.Registration.Id), Is.EqualTo(new[] { switcher.Id, waitingOnline.Id }));
    }

    [Test]
    public void Reconfigure_WhenCapacityFallsBelowTheConfirmed_IsRefusedAndKeepsTheMeeting()
    {
        var store = new InMemoryRegistrations(OpenMeeting(inPerson: 5));
        store.SignUp(Hall);
        store.SignUp(Hall);
        var before = store.Seats.Meeting;

        var violation = Violation(() => store.Seats.Reconfigure(WithCapacities(before, 1, null), Now));

        Assert.That((violation.Code, store.Seats.Meeting), Is.EqualTo((RegistrationRules.CapacityBelowConfirmed, before)));
    }

    [Test]
    public void Reconfigure_WhenTheFormatDropsAModeWithWaitingAttendees_IsRefusedModeInUse()
    {
        var store = new InMemoryRegistrations(OpenMeeting(inPerson: 5, online: 0));
        store.SignUp(Online);
        var inPersonOnly = Meeting.Restore(store.Seats.Meeting.Id, Details(5, null, MeetingFormat.InPerson), MeetingStatus.Published, null, Now, Now, Now, 3);

        Assert.That(Violation(() => store.Seats.Reconfigure(inPersonOnly, Now)).Code, Is.EqualTo(RegistrationRules.ModeInUse));
    }

    [Test]
    public void CheckIn_WhenTheMeetingIsNotPublished_IsRefusedMeetingNotOpen()
    {
        var store = new InMemoryRegistrations(OpenMeeting());
        var r = store.SignUp(Hall).Subject;
        var meeting = store.Seats.Meeting;
        meeting.Cancel("Typhoon", Now);
        store.Seats.MeetingCancelled(meeting);

        Assert.That(Violation(() => store.Seats.CheckIn(store.Load(r.Id), Now)).Code, Is.EqualTo(RegistrationRules.MeetingNotOpen));
    }

    [Test]
    public void CheckIn_WhenConfirmedInPerson_IsCounted()
    {
        var store = new InMemoryRegistrations(OpenMeeting());
        var r = store.SignUp(Hall).Subject;

        store.Save(store.Seats.CheckIn(store.Load(r.Id), Now));

        Assert.That(store.Seats.Counts[Hall].CheckedIn, Is.EqualTo(1));
    }

    [Test]
    public void CancelForMeeting_CancelsWithTheMeetingAndPromotesNobody()
    {
        var store = new InMemoryRegistrations(OpenMeeting(inPerson: 1));
        var holder = store.SignUp(Hall).Subject;
        var waiting = store.SignUp(Hall).Subject;
        var meeting = store.Seats.Meeting;
        meeting.Cancel("Typhoon", Now);
        store.Seats.MeetingCancelled(meeting);

        var decision = store.Save(store.Seats.CancelForMeeting(store.Load(holder.Id), Now));

        Assert.That(decision.Changes.Select(c => (c.Registration.Id, c.Registration.CancellationReason)),
            Is.EqualTo(new[] { (holder.Id, (CancellationReason?)CancellationReason.MeetingCancelled) }));
        Assert.That(store.Load(waiting.Id).Status, Is.EqualTo(RegistrationStatus.Waitlisted));
    }

    [Test]
    public void CancelForMeeting_WhenTheMeetingIsNotCancelled_Throws()
    {
        var store = new InMemoryRegistrations(OpenMeeting());
        var r = store.SignUp(Hall).Subject;

        Assert.Throws<InvalidOperationException>(() => store.Seats.CancelForMeeting(store.Load(r.Id), Now));
    }

    [Test]
    public void Counts_AfterASwitchIsRequested_ShowItAsPending()
    {
        var store = new InMemoryRegistrations(OpenMeeting(inPerson: 0));
        var r = store.SignUp(Online).Subject;

        store.Switch(r.Id, Hall);

        Assert.That((store.Seats.Counts[Online].Confirmed, store.Seats.Counts[Hall].PendingSwitchesInto, store.Seats.Counts.PendingSwitches),
            Is.EqualTo((1, 1, 1)));
    }
}
