using EventScheduler.Domain.Registrations;
using static EventScheduler.Tests.Domain.Registrations.RegistrationFixtures;

namespace EventScheduler.Tests.Domain.Registrations;

public sealed class PersonalDataPolicyTests
{
    private static readonly TimeSpan Year = PersonalDataPolicy.DefaultContactDataRetention;

    [Test]
    public void DefaultContactDataRetention_IsAYear() => Assert.That(Year, Is.EqualTo(TimeSpan.FromDays(365)));

    [TestCase(-1, false)]
    [TestCase(0, false)]
    [TestCase(1, true)]
    public void IsDue_AroundTheEndOfTheRetention_OnlyAfterIt(int msPastRetention, bool due)
    {
        var ended = Now;
        var now = ended + Year + TimeSpan.FromMilliseconds(msPastRetention);

        Assert.Multiple(() =>
        {
            Assert.That(PersonalDataPolicy.IsDue(ended, Year, now), Is.EqualTo(due));
            Assert.That(ended < PersonalDataPolicy.DueIfEndedBefore(Year, now), Is.EqualTo(due), "the store's bound says the same");
        });
    }

    [TestCase(false, false, ErasureScope.Everything)]
    [TestCase(true, false, ErasureScope.ContactData)]
    [TestCase(false, true, ErasureScope.ContactData)]
    [TestCase(true, true, ErasureScope.ContactData)]
    public void ScopeFor_KeepsNameAndHospitalOnlyForCmeRecords(bool evidence, bool certificate, ErasureScope expected) =>
        Assert.That(PersonalDataPolicy.ScopeFor(evidence, certificate), Is.EqualTo(expected));

    [Test]
    public void Erase_WhenEverything_LeavesNoPersonalDataButKeepsTheCounts()
    {
        var r = SignedUpWithContact();
        var version = r.Version;

        var changed = r.Erase(ErasureScope.Everything, Now.AddDays(400));

        Assert.Multiple(() =>
        {
            Assert.That(changed, Is.True);
            Assert.That(r.Attendee.Email, Is.Empty);
            Assert.That(r.Attendee.EmailNormalised, Is.Empty);
            Assert.That(r.Attendee.Phone, Is.Null);
            Assert.That(r.Attendee.JobTitle, Is.Empty);
            Assert.That(r.Attendee.Specialty, Is.Empty);
            Assert.That(r.Attendee.FullName, Is.Empty);
            Assert.That(r.Attendee.HospitalId, Is.Null);
            Assert.That(r.Attendee.HospitalName, Is.Null);
            Assert.That(r.Attendee.Language, Is.Null);
            Assert.That(r.CheckInCode, Is.Null);
            Assert.That(r.ErasedAt, Is.EqualTo(Now.AddDays(400)));
            Assert.That(r.Status, Is.EqualTo(RegistrationStatus.Confirmed), "status and mode are the meeting's counts");
            Assert.That(r.Mode, Is.EqualTo(AttendanceMode.InPerson));
            Assert.That(r.Version, Is.EqualTo(version + 1));
        });
    }

    [Test]
    public void Erase_WhenCmeNeedsTheIdentity_KeepsNameAndHospitalOnly()
    {
        var r = SignedUpWithContact();

        r.Erase(ErasureScope.ContactData, Now.AddDays(400));

        Assert.Multiple(() =>
        {
            Assert.That(r.Attendee.FullName, Is.EqualTo("Li Yu"));
            Assert.That(r.Attendee.HospitalName, Is.EqualTo("Xi'an Hospital"));
            Assert.That(r.Attendee.Email, Is.Empty);
            Assert.That(r.Attendee.Phone, Is.Null);
            Assert.That(r.Attendee.JobTitle, Is.Empty);
            Assert.That(r.Attendee.Specialty, Is.Empty);
        });
    }

    [Test]
    public void Erase_WhenAlreadyErased_ChangesNothing()
    {
        var r = SignedUpWithContact();
        r.Erase(ErasureScope.Everything, Now.AddDays(400));
        var (version, at) = (r.Version, r.ErasedAt);

        var changed = r.Erase(ErasureScope.Everything, Now.AddDays(500));

        Assert.Multiple(() =>
        {
            Assert.That(changed, Is.False);
            Assert.That(r.Version, Is.EqualTo(version));
            Assert.That(r.ErasedAt, Is.EqualTo(at), "the first erasure's time stays");
        });
    }

    [Test]
    public void Erase_WhenContactGoneAndNowEverything_ErasesTheRest()
    {
        var r = SignedUpWithContact();
        r.Erase(ErasureScope.ContactData, Now.AddDays(400));

        Assert.Multiple(() =>
        {
            Assert.That(r.Erase(ErasureScope.Everything, Now.AddDays(401)), Is.True);
            Assert.That(r.Attendee.FullName, Is.Empty);
            Assert.That(r.ErasedAt, Is.EqualTo(Now.AddDays(400)));
        });
    }

    [Test]
    public void EnsureErasable_WhenActiveForAMeetingAhead_RefusesWithRegistrationActive()
    {
        var meeting = OpenMeeting();
        var r = SignedUpWithContact();

        var violation = Violation(() => PersonalDataPolicy.EnsureErasable(r, meeting, Now));

        Assert.That(violation.Code, Is.EqualTo(RegistrationRules.RegistrationActive));
    }

    [Test]
    public void EnsureErasable_WhenCancelledOrMeetingOver_Allows()
    {
        var meeting = OpenMeeting();
        var cancelled = SignedUpWithContact();
        cancelled.Cancel(CancellationReason.Attendee, Now);
        var active = SignedUpWithContact();
        var cancelledMeeting = OpenMeeting();
        cancelledMeeting.Cancel("Typhoon", Now);

        Assert.Multiple(() =>
        {
            Assert.DoesNotThrow(() => PersonalDataPolicy.EnsureErasable(cancelled, meeting, Now));
            Assert.DoesNotThrow(() => PersonalDataPolicy.EnsureErasable(active, meeting, meeting.Details.EndsAt), "the meeting has ended");
            Assert.DoesNotThrow(() => PersonalDataPolicy.EnsureErasable(active, cancelledMeeting, Now));
        });
    }

    private static Registration SignedUpWithContact() => Registration.SignUp(Guid.NewGuid(), Guid.NewGuid(), 1,
        Attendee.Create("Li Yu", "li.yu@example.cn", "+86 29 0000 0000", Guid.NewGuid(), "Xi'an Hospital", "Professor", "Hepatobiliary surgery",
            EventScheduler.Domain.Common.Language.En),
        AttendanceMode.InPerson, seatFree: true, () => "CODE234567", null, Now);
}
