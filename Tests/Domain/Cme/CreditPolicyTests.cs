using EventScheduler.Domain.Cme;
using EventScheduler.Domain.Programme;

namespace EventScheduler.Tests.Domain.Cme;

public sealed class CreditPolicyTests
{
    // 23 September 2021, Asia/Shanghai (UTC+8): 08:30 local is 00:30 UTC.
    private static readonly DateTimeOffset Day = new(2021, 9, 23, 0, 0, 0, TimeSpan.FromHours(8));
    private static readonly Guid Person = Guid.NewGuid();

    private static DateTimeOffset At(int hour, int minute = 0) => Day.AddHours(hour).AddMinutes(minute);

    private static AccreditedSlot Slot(int fromHour, int toHour, Guid? id = null) =>
        new(id ?? Guid.NewGuid(), new TimeRange(At(fromHour), At(toHour)));

    private static readonly Accreditation OnePerHour = Accreditation.Create("Body", "P", CreditType.ClassI, 1m, 6m, 0.25m, 85);

    [Test]
    public void Assess_WhenCheckedInAndScannedOutAtNoon_CountsTheMorningOnly()
    {
        AccreditedSlot[] slots = [Slot(9, 12), Slot(14, 17)];
        var result = CreditPolicy.Assess(OnePerHour, slots, [EvidenceEntry.CheckIn(Person, At(8, 45)), EvidenceEntry.Scan(Person, false, null, At(12), "door")]);

        Assert.Multiple(() =>
        {
            Assert.That(result.Slots.Select(s => s.Minutes), Is.EqualTo(new[] { 180, 0 }));
            Assert.That(result.AttendedMinutes, Is.EqualTo(180m));
            Assert.That(result.AccreditedMinutes, Is.EqualTo(360m));
            Assert.That(result.Percent, Is.EqualTo(50m));
            Assert.That(result.Eligible, Is.False, "50 % is below the 85 % minimum");
            Assert.That(result.Credits, Is.EqualTo(0m));
        });
    }

    [Test]
    public void Assess_WhenCheckedInAndNeverScannedOut_IsPresentToTheEndOfTheProgramme()
    {
        var result = CreditPolicy.Assess(OnePerHour, [Slot(9, 12), Slot(14, 17)], [EvidenceEntry.CheckIn(Person, At(9, 30))]);
        Assert.Multiple(() =>
        {
            Assert.That(result.AttendedMinutes, Is.EqualTo(330m));
            Assert.That(result.Eligible, Is.True);
            Assert.That(result.Credits, Is.EqualTo(5.5m));
        });
    }

    [Test]
    public void Assess_WhenHeartbeatsHaveAFifteenMinuteGap_LosesThoseMinutes()
    {
        var slot = Slot(9, 10);
        var beats = Enumerable.Range(1, 60).Where(m => m is <= 20 or > 35).Select(m => EvidenceEntry.Heartbeat(Person, At(9, m)));
        var result = CreditPolicy.Assess(OnePerHour, [slot], beats);

        // Beats at 09:01..09:20 and 09:36..10:00; each covers the 75 s before it, so 09:20 -> 09:34:45 is lost.
        Assert.That(result.AttendedMinutes, Is.EqualTo(60m - 14.75m));
    }

    [Test]
    public void Assess_WhenParallelSlotsOverlap_CountsTheTimeOnce()
    {
        AccreditedSlot[] slots = [Slot(9, 11), Slot(10, 12)];
        var result = CreditPolicy.Assess(OnePerHour, slots, [EvidenceEntry.CheckIn(Person, At(9))]);
        Assert.Multiple(() =>
        {
            Assert.That(result.AccreditedMinutes, Is.EqualTo(180m));
            Assert.That(result.AttendedMinutes, Is.EqualTo(180m));
            Assert.That(result.Slots.Select(s => s.Minutes), Is.EqualTo(new[] { 120, 120 }));
        });
    }

    [Test]
    public void Assess_WhenScannedAtASessionDoor_UsesTheDoorOverTheVenue()
    {
        var lecture = Slot(9, 11);
        AccreditedSlot[] slots = [lecture, Slot(11, 12)];
        var result = CreditPolicy.Assess(OnePerHour, slots,
        [
            EvidenceEntry.CheckIn(Person, At(8)),
            EvidenceEntry.Scan(Person, true, lecture.SlotId, At(9, 30), "door"),
            EvidenceEntry.Scan(Person, false, lecture.SlotId, At(10, 30), "door"),
        ]);
        Assert.That(result.Slots.Select(s => s.Minutes), Is.EqualTo(new[] { 60, 60 }));
    }

    [Test]
    public void Assess_WhenPresentOutsideTheSlots_CountsOnlyAccreditedTime()
    {
        var result = CreditPolicy.Assess(OnePerHour, [Slot(9, 10)], [EvidenceEntry.CheckIn(Person, At(7)), EvidenceEntry.Scan(Person, false, null, At(13), "d")]);
        Assert.That(result.AttendedMinutes, Is.EqualTo(60m));
    }

    [Test]
    public void Assess_WhenCorrected_AddsTheMinutesWithinTheSlot()
    {
        var slot = Slot(9, 10);
        var result = CreditPolicy.Assess(OnePerHour, [slot],
        [
            EvidenceEntry.CheckIn(Person, At(9, 30)),
            EvidenceEntry.Adjustment(Person, slot.SlotId, 45, "Scanner at the door was down", At(18), "organiser"),
        ]);
        Assert.Multiple(() =>
        {
            Assert.That(result.Slots[0].Minutes, Is.EqualTo(60), "kept within the slot's 60 minutes");
            Assert.That(result.AttendedMinutes, Is.EqualTo(60m));
        });
    }

    [Test]
    public void Assess_WhenCorrectedDownwards_NeverGoesBelowZero()
    {
        var slot = Slot(9, 10);
        var result = CreditPolicy.Assess(OnePerHour, [slot],
            [EvidenceEntry.CheckIn(Person, At(9, 30)), EvidenceEntry.Adjustment(Person, slot.SlotId, -90, "Left at once", At(18), "organiser")]);
        Assert.That(result.AttendedMinutes, Is.EqualTo(0m));
    }

    [Test]
    public void Assess_WhenOnlyJoined_CountsNothing()
    {
        var result = CreditPolicy.Assess(OnePerHour, [Slot(9, 10)], [EvidenceEntry.Join(Person, At(9))]);
        Assert.That(result.AttendedMinutes, Is.EqualTo(0m));
    }

    [Test]
    public void Assess_WithoutAccreditation_GivesMinutesButNoCredits()
    {
        var result = CreditPolicy.Assess(null, [Slot(9, 10)], [EvidenceEntry.CheckIn(Person, At(9))]);
        Assert.Multiple(() =>
        {
            Assert.That(result.AttendedMinutes, Is.EqualTo(60m));
            Assert.That(result.Eligible, Is.False);
            Assert.That(result.Credits, Is.EqualTo(0m));
        });
    }

    [Test]
    public void Assess_WhenJustBelowTheMinimum_IsNotEligible()
    {
        // 85 % of 100 minutes is 85: present 84 minutes 59 seconds.
        var slot = new AccreditedSlot(Guid.NewGuid(), new TimeRange(At(9), At(9, 100)));
        var result = CreditPolicy.Assess(OnePerHour, [slot],
            [EvidenceEntry.CheckIn(Person, At(9)), EvidenceEntry.Scan(Person, false, null, At(9, 85).AddSeconds(-1), "d")]);
        Assert.That(result.Eligible, Is.False);
    }

    [Test]
    public void Assess_WhenExactlyAtTheMinimum_IsEligible()
    {
        var slot = new AccreditedSlot(Guid.NewGuid(), new TimeRange(At(9), At(9, 100)));
        var result = CreditPolicy.Assess(OnePerHour, [slot],
            [EvidenceEntry.CheckIn(Person, At(9)), EvidenceEntry.Scan(Person, false, null, At(9, 85), "d")]);
        Assert.Multiple(() =>
        {
            Assert.That(result.Eligible, Is.True);
            Assert.That(result.Credits, Is.EqualTo(1.25m));
        });
    }

    [Test]
    public void ActualWindow_WhenLiveTimesRecorded_UsesThem()
    {
        var window = SlotWindows.Actual(At(9), At(10), LiveStatus.Completed, At(9, 20), At(10, 35));
        Assert.That(window, Is.EqualTo(new TimeRange(At(9, 20), At(10, 35))));
    }

    [Test]
    public void ActualWindow_WhenOnlyTheStartRecorded_KeepsTheScheduledLength()
    {
        var window = SlotWindows.Actual(At(9), At(10), LiveStatus.SwitchedToRecording, At(9, 20), null);
        Assert.That(window, Is.EqualTo(new TimeRange(At(9, 20), At(10, 20))));
    }

    [Test]
    public void ActualWindow_WhenNothingRecorded_IsTheSchedule() =>
        Assert.That(SlotWindows.Actual(At(9), At(10), LiveStatus.Scheduled, null, null), Is.EqualTo(new TimeRange(At(9), At(10))));

    [Test]
    public void ActualWindow_WhenCancelledBeforeGoingLive_IsNone() =>
        Assert.That(SlotWindows.Actual(At(9), At(10), LiveStatus.Cancelled, null, null), Is.Null);

    [TestCase(SlotKind.SurgeryDemo, true)]
    [TestCase(SlotKind.Lecture, true)]
    [TestCase(SlotKind.Discussion, true)]
    [TestCase(SlotKind.Break, false)]
    [TestCase(SlotKind.Ceremony, false)]
    public void AccreditedByDefault_CountsTeachingOnly(SlotKind kind, bool expected) =>
        Assert.That(SlotWindows.AccreditedByDefault(kind), Is.EqualTo(expected));
}
