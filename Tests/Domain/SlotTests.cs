using EventScheduler.Domain.Common;
using EventScheduler.Domain.Programme;

namespace EventScheduler.Tests.Domain;

public sealed class SlotTests
{
    private static readonly DateTimeOffset Start = new(2021, 9, 23, 0, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2021, 9, 1, 0, 0, 0, TimeSpan.Zero);

    private static SlotDetails Case(bool consent = true) => new()
    {
        Kind = SlotKind.SurgeryDemo,
        Title = "  Live case  ",
        StartsAt = Start,
        EndsAt = Start.AddHours(2),
        Procedure = "Laparoscopic left hepatectomy",
        Approach = SurgicalApproach.Laparoscopic,
        OperatingSurgeons = [new OperatingSurgeon(Guid.NewGuid(), SurgeonRole.Lead), new OperatingSurgeon(Guid.NewGuid(), SurgeonRole.Assistant)],
        OriginHospitalId = Guid.NewGuid(),
        ConsentRecorded = consent,
    };

    private static Slot Slot(bool consent = true) => EventScheduler.Domain.Programme.Slot.Plan(Guid.NewGuid(), Guid.NewGuid(), Case(consent), Now);

    private static readonly (LiveStatus From, LiveStatus To)[] Allowed =
    [
        (LiveStatus.Scheduled, LiveStatus.Delayed), (LiveStatus.Scheduled, LiveStatus.Live), (LiveStatus.Scheduled, LiveStatus.Cancelled),
        (LiveStatus.Delayed, LiveStatus.Live), (LiveStatus.Delayed, LiveStatus.Cancelled),
        (LiveStatus.Live, LiveStatus.Interrupted), (LiveStatus.Live, LiveStatus.Completed), (LiveStatus.Live, LiveStatus.SwitchedToRecording), (LiveStatus.Live, LiveStatus.Cancelled),
        (LiveStatus.Interrupted, LiveStatus.Live), (LiveStatus.Interrupted, LiveStatus.Cancelled),
    ];

    [Test]
    public void LiveTransitions_AllowExactlyTheDocumentedMoves()
    {
        var all = Enum.GetValues<LiveStatus>();
        var allowed = all.SelectMany(from => all.Where(to => LiveTransitions.IsAllowed(from, to)).Select(to => (from, to))).ToArray();

        Assert.That(allowed, Is.EquivalentTo(Allowed));
    }

    [TestCase(LiveStatus.Completed)]
    [TestCase(LiveStatus.SwitchedToRecording)]
    [TestCase(LiveStatus.Cancelled)]
    public void LiveTransitions_WhenFinal_AllowNothing(LiveStatus status) => Assert.That(LiveTransitions.IsFinal(status), Is.True);

    [Test]
    public void ChangeLiveStatus_WhenNotAllowed_ThrowsInvalidLiveTransition()
    {
        var slot = Slot();

        var ex = Assert.Throws<RuleViolation>(() => slot.ChangeLiveStatus(LiveStatus.Completed, null, Now));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Code, Is.EqualTo(SlotRules.InvalidLiveTransition));
            Assert.That(ex.Kind, Is.EqualTo(ViolationKind.Conflict));
            Assert.That(slot.LiveStatus, Is.EqualTo(LiveStatus.Scheduled));
        });
    }

    [Test]
    public void ChangeLiveStatus_WhenCaseLacksConsent_ThrowsConsentRequired()
    {
        var ex = Assert.Throws<RuleViolation>(() => Slot(consent: false).ChangeLiveStatus(LiveStatus.Live, null, Now));

        Assert.That(ex!.Code, Is.EqualTo(SlotRules.ConsentRequired));
    }

    [Test]
    public void ChangeLiveStatus_WhenDelayedWithoutExpectedStart_Throws()
    {
        var ex = Assert.Throws<RuleViolation>(() => Slot().ChangeLiveStatus(LiveStatus.Delayed, null, Now));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Code, Is.EqualTo(SlotRules.ExpectedStartRequired));
            Assert.That(ex.Field, Is.EqualTo("expectedStartAt"));
        });
    }

    [Test]
    public void ChangeLiveStatus_WhenAllowed_RaisesVersionAndReturnsPreviousStatus()
    {
        var slot = Slot();

        var from = slot.ChangeLiveStatus(LiveStatus.Delayed, Start.AddMinutes(20), Now);

        Assert.Multiple(() =>
        {
            Assert.That(from, Is.EqualTo(LiveStatus.Scheduled));
            Assert.That(slot.ExpectedStartAt, Is.EqualTo(Start.AddMinutes(20)));
            Assert.That(slot.Version, Is.EqualTo(2));
        });
    }

    [Test]
    public void Plan_NormalisesTitleAndChannel()
    {
        var slot = EventScheduler.Domain.Programme.Slot.Plan(Guid.NewGuid(), Guid.NewGuid(), Case() with { Channel = "  " }, Now);

        Assert.Multiple(() =>
        {
            Assert.That(slot.Details.Title, Is.EqualTo("Live case"));
            Assert.That(slot.Details.Channel, Is.EqualTo(SlotDetails.DefaultChannel));
        });
    }

    [Test]
    public void Validate_WhenNoLeadSurgeon_Throws()
    {
        var details = Case() with { OperatingSurgeons = [new OperatingSurgeon(Guid.NewGuid(), SurgeonRole.Assistant)] };

        Assert.That(Assert.Throws<RuleViolation>(() => details.Validate())!.Code, Is.EqualTo(SlotRules.LeadSurgeonRequired));
    }

    [Test]
    public void Validate_WhenSurgeonListedTwice_Throws()
    {
        var id = Guid.NewGuid();
        var details = Case() with { OperatingSurgeons = [new OperatingSurgeon(id, SurgeonRole.Lead), new OperatingSurgeon(id, SurgeonRole.Assistant)] };

        Assert.That(Assert.Throws<RuleViolation>(() => details.Validate())!.Code, Is.EqualTo(SlotRules.DuplicateOperatingSurgeon));
    }

    [Test]
    public void PeopleIds_CoverOperatorsSpeakersAndModeratorsOnce()
    {
        var a = Guid.NewGuid();
        var details = Case() with { SpeakerIds = [a], ModeratorIds = [a] };

        Assert.That(details.PeopleIds, Has.Count.EqualTo(3));
    }

    [Test]
    public void Validate_WhenEndNotAfterStart_ViolatesSlotEndsBeforeStart()
    {
        var ex = Assert.Throws<RuleViolation>(() => (Case() with { EndsAt = Start }).Validate());

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Code, Is.EqualTo(SlotRules.EndBeforeStart));
            Assert.That(ex.Field, Is.EqualTo("endsAt"));
        });
    }

    [Test]
    public void Validate_WhenLectureHasAProcedure_ViolatesSurgeryFieldsNotApplicable() =>
        Assert.That(Assert.Throws<RuleViolation>(() => Lecture(procedure: "Hepatectomy").Validate())!.Code, Is.EqualTo(SlotRules.SurgeryFieldsNotApplicable));

    [Test]
    public void Validate_WhenLectureRecordsConsent_ViolatesSurgeryFieldsNotApplicable() =>
        Assert.That(Assert.Throws<RuleViolation>(() => Lecture(consent: true).Validate())!.Code, Is.EqualTo(SlotRules.SurgeryFieldsNotApplicable));

    [Test]
    public void Validate_WhenTitleHoldsAControlCharacter_ViolatesInvalidCharacters()
    {
        var ex = Assert.Throws<RuleViolation>(() => (Case() with { Title = "Live\u0007case" }).Validate());

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Code, Is.EqualTo(Text.InvalidCharactersCode));
            Assert.That(ex.Field, Is.EqualTo("title"));
        });
    }

    [TestCase(25)]
    [TestCase(-25)]
    public void ChangeLiveStatus_WhenExpectedStartIsMoreThanADayFromTheSchedule_ViolatesExpectedStartOutOfRange(int hours)
    {
        var slot = Slot();

        var ex = Assert.Throws<RuleViolation>(() => slot.ChangeLiveStatus(LiveStatus.Delayed, Start.AddHours(hours), Now));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Code, Is.EqualTo(SlotRules.ExpectedStartOutOfRange));
            Assert.That(slot.LiveStatus, Is.EqualTo(LiveStatus.Scheduled));
        });
    }

    [TestCase(LiveStatus.Live)]
    [TestCase(LiveStatus.Interrupted)]
    [TestCase(LiveStatus.Completed)]
    [TestCase(LiveStatus.SwitchedToRecording)]
    public void EnsureDeletable_WhenTheSlotHasBeenOnAir_ViolatesSlotAlreadyStarted(LiveStatus status)
    {
        var slot = EventScheduler.Domain.Programme.Slot.Restore(Guid.NewGuid(), Guid.NewGuid(), Case(), status, null, Now, Now, 3);

        Assert.That(Assert.Throws<RuleViolation>(() => slot.EnsureDeletable())!.Code, Is.EqualTo(SlotRules.AlreadyStarted));
    }

    [TestCase(LiveStatus.Scheduled)]
    [TestCase(LiveStatus.Delayed)]
    [TestCase(LiveStatus.Cancelled)]
    public void EnsureDeletable_WhenTheSlotNeverWentOnAir_Passes(LiveStatus status)
    {
        var slot = EventScheduler.Domain.Programme.Slot.Restore(Guid.NewGuid(), Guid.NewGuid(), Case(), status, null, Now, Now, 3);

        Assert.DoesNotThrow(() => slot.EnsureDeletable());
    }

    private static SlotDetails Lecture(string? procedure = null, bool consent = false) => new()
    {
        Kind = SlotKind.Lecture,
        Title = "Lecture",
        StartsAt = Start,
        EndsAt = Start.AddHours(1),
        Procedure = procedure,
        ConsentRecorded = consent,
    };
}
