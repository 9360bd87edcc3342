using EventScheduler.Domain.Common;
using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Programme;

namespace EventScheduler.Tests.Domain;

/// <summary>The rules between a meeting and its programme, and the clash violations the store reports.</summary>
public sealed class ProgrammeRulesTests
{
    private static readonly DateTimeOffset Start = new(2021, 9, 23, 0, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2021, 9, 1, 0, 0, 0, TimeSpan.Zero);

    private static Meeting MeetingIn(MeetingStatus status) => Meeting.Restore(Guid.NewGuid(), new MeetingDetails
    {
        Title = "Hanzhong",
        StartsAt = Start,
        EndsAt = Start.AddHours(9),
        Venue = new Venue("Hall", null),
        Stream = new StreamInfo("Live", "https://example.org"),
        HostHospitalId = Guid.NewGuid(),
    }.Validate(), status, status == MeetingStatus.Cancelled ? "Typhoon" : null, Now, Now, status == MeetingStatus.Draft ? null : Now, 2);

    private static SlotDetails Lecture(DateTimeOffset from, DateTimeOffset to) =>
        new() { Kind = SlotKind.Lecture, Title = "Lecture", StartsAt = from, EndsAt = to };

    private static Slot SlotAt(DateTimeOffset from, DateTimeOffset to) => Slot.Plan(Guid.NewGuid(), Guid.NewGuid(), Lecture(from, to), Now);

    [TestCase(MeetingStatus.Cancelled)]
    [TestCase(MeetingStatus.Completed)]
    public void EnsureEditable_WhenMeetingIsFinished_ViolatesProgrammeFrozen(MeetingStatus status)
    {
        var ex = Assert.Throws<RuleViolation>(() => ProgrammeRules.EnsureEditable(MeetingIn(status)));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Code, Is.EqualTo(SlotRules.ProgrammeFrozen));
            Assert.That(ex.Kind, Is.EqualTo(ViolationKind.Conflict));
        });
    }

    [TestCase(MeetingStatus.Draft)]
    [TestCase(MeetingStatus.Published)]
    public void EnsureEditable_WhenMeetingIsDraftOrPublished_Passes(MeetingStatus status) =>
        Assert.DoesNotThrow(() => ProgrammeRules.EnsureEditable(MeetingIn(status)));

    [Test]
    public void EnsureLive_WhenMeetingIsDraft_ViolatesMeetingNotPublished() =>
        Assert.That(Assert.Throws<RuleViolation>(() => ProgrammeRules.EnsureLive(MeetingIn(MeetingStatus.Draft)))!.Code,
            Is.EqualTo(SlotRules.MeetingNotPublished));

    [Test]
    public void EnsureLive_WhenMeetingIsCancelled_ViolatesProgrammeFrozen() =>
        Assert.That(Assert.Throws<RuleViolation>(() => ProgrammeRules.EnsureLive(MeetingIn(MeetingStatus.Cancelled)))!.Code,
            Is.EqualTo(SlotRules.ProgrammeFrozen));

    [Test]
    public void EnsureInside_WhenSlotStartsBeforeMeeting_ViolatesSlotOutsideMeeting()
    {
        var ex = Assert.Throws<RuleViolation>(() => ProgrammeRules.EnsureInside(MeetingIn(MeetingStatus.Published), Lecture(Start.AddMinutes(-1), Start.AddHours(1))));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Code, Is.EqualTo(SlotRules.OutsideMeeting));
            Assert.That(ex.Kind, Is.EqualTo(ViolationKind.Invalid));
        });
    }

    [Test]
    public void EnsureInside_WhenSlotFillsTheWholeMeeting_Passes() =>
        Assert.DoesNotThrow(() => ProgrammeRules.EnsureInside(MeetingIn(MeetingStatus.Published), Lecture(Start, Start.AddHours(9))));

    [Test]
    public void EnsureSlotsInside_WhenASlotFallsOutsideTheNewWindow_ViolatesSlotsOutsideMeetingNamingIt()
    {
        var inside = SlotAt(Start, Start.AddHours(1));
        var late = SlotAt(Start.AddHours(8), Start.AddHours(10));

        var ex = Assert.Throws<RuleViolation>(() => ProgrammeRules.EnsureSlotsInside(MeetingIn(MeetingStatus.Published), [inside, late], shifted: false));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Code, Is.EqualTo(SlotRules.SlotsOutsideMeeting));
            Assert.That(ex.Kind, Is.EqualTo(ViolationKind.Conflict));
            Assert.That(ex.Extensions["conflictingSlotId"], Is.EqualTo(late.Id));
        });
    }

    [Test]
    public void EnsureSlotsInside_WhenShiftedAndStillOutside_SaysShiftingWasNotEnough()
    {
        var ex = Assert.Throws<RuleViolation>(() =>
            ProgrammeRules.EnsureSlotsInside(MeetingIn(MeetingStatus.Published), [SlotAt(Start.AddHours(8), Start.AddHours(10))], shifted: true));

        Assert.That(ex!.Message, Does.StartWith("Shifted with the meeting"));
    }

    [Test]
    public void EnsureSlotsInside_WhenEverySlotIsInside_Passes() =>
        Assert.DoesNotThrow(() => ProgrammeRules.EnsureSlotsInside(MeetingIn(MeetingStatus.Published),
            [SlotAt(Start, Start.AddHours(1)), SlotAt(Start.AddHours(8), Start.AddHours(9))], shifted: false));

    [Test]
    public void Overlaps_WhenBackToBack_IsFalse() =>
        Assert.That(ProgrammeRules.Overlaps(Start, Start.AddHours(1), Start.AddHours(1), Start.AddHours(2)), Is.False);

    [Test]
    public void Overlaps_WhenOneMinuteOverlaps_IsTrue() =>
        Assert.That(ProgrammeRules.Overlaps(Start, Start.AddHours(1), Start.AddMinutes(59), Start.AddHours(2)), Is.True);

    [Test]
    public void ChannelClash_IsASlotOverlapConflictNamingTheOtherSlot()
    {
        var other = Guid.NewGuid();

        var violation = ProgrammeRules.ChannelClash(other, "main");

        Assert.Multiple(() =>
        {
            Assert.That(violation.Code, Is.EqualTo(SlotRules.Overlap));
            Assert.That(violation.Kind, Is.EqualTo(ViolationKind.Conflict));
            Assert.That(violation.Extensions["conflictingSlotId"], Is.EqualTo(other));
        });
    }

    [Test]
    public void FacultyClash_IsAFacultyDoubleBookedConflictNamingFacultySlotAndMeeting()
    {
        var (faculty, slot, meeting) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        var violation = ProgrammeRules.FacultyClash(faculty, slot, meeting);

        Assert.Multiple(() =>
        {
            Assert.That(violation.Code, Is.EqualTo(SlotRules.FacultyDoubleBooked));
            Assert.That(violation.Kind, Is.EqualTo(ViolationKind.Conflict));
            Assert.That(violation.Extensions["facultyId"], Is.EqualTo(faculty));
            Assert.That(violation.Extensions["conflictingSlotId"], Is.EqualTo(slot));
            Assert.That(violation.Extensions["conflictingMeetingId"], Is.EqualTo(meeting));
        });
    }
}
