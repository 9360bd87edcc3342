using EventScheduler.Domain.Cme;
using EventScheduler.Domain.Meetings;
using static EventScheduler.Tests.Domain.Registrations.RegistrationFixtures;

namespace EventScheduler.Tests.Domain.Cme;

public sealed class DoorScansTests
{
    [Test]
    public void EnsureCanScan_WhenConfirmedInPersonAtAPublishedMeeting_Allows() =>
        Assert.DoesNotThrow(() => DoorScans.EnsureCanScan(MeetingStatus.Published, confirmedInPerson: true, Guid.NewGuid(), slotOfMeeting: true));

    [Test]
    public void EnsureCanScan_WithoutASlot_Allows() =>
        Assert.DoesNotThrow(() => DoorScans.EnsureCanScan(MeetingStatus.Published, true, slotId: null, slotOfMeeting: false));

    [TestCase(MeetingStatus.Draft)]
    [TestCase(MeetingStatus.Cancelled)]
    [TestCase(MeetingStatus.Completed)]
    public void EnsureCanScan_WhenTheMeetingIsNotUnderWay_NamesTheRule(MeetingStatus status) =>
        Assert.That(Violation(() => DoorScans.EnsureCanScan(status, true, null, false)).Code, Is.EqualTo(CmeRules.MeetingNotLive));

    [Test]
    public void EnsureCanScan_WhenNotConfirmedInPerson_NamesTheRule() =>
        Assert.That(Violation(() => DoorScans.EnsureCanScan(MeetingStatus.Published, false, null, false)).Code,
            Is.EqualTo(CmeRules.NotConfirmedInPerson));

    [Test]
    public void EnsureCanScan_WhenTheSlotIsAnotherMeetings_NamesTheRule()
    {
        var violation = Violation(() => DoorScans.EnsureCanScan(MeetingStatus.Published, true, Guid.NewGuid(), slotOfMeeting: false));
        Assert.Multiple(() =>
        {
            Assert.That(violation.Code, Is.EqualTo(CmeRules.SlotNotInMeeting));
            Assert.That(violation.Field, Is.EqualTo("slotId"));
        });
    }

    [Test]
    public void EnsureSlotOfMeeting_WhenACorrectionNamesAnotherMeetingsSlot_NamesTheRule() =>
        Assert.That(Violation(() => DoorScans.EnsureSlotOfMeeting(Guid.NewGuid(), slotOfMeeting: false)).Code, Is.EqualTo(CmeRules.SlotNotInMeeting));
}
