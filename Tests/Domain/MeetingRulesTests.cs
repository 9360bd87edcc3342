using EventScheduler.Domain.Common;
using EventScheduler.Domain.Meetings;

namespace EventScheduler.Tests.Domain;

public sealed class MeetingRulesTests
{
    private static readonly DateTimeOffset Now = new(2021, 8, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Start = new(2021, 9, 23, 8, 30, 0, TimeSpan.FromHours(8));

    private static MeetingDetails Valid() => new()
    {
        Title = "Northwest Laparoscopic Liver Alliance Livestreaming Surgery Meeting (Hanzhong)",
        Format = MeetingFormat.Hybrid,
        StartsAt = Start,
        EndsAt = Start.AddHours(9),
        Venue = new Venue("Lecture hall", null),
        Stream = new StreamInfo("Alliance live", "https://live.example.org/x"),
        HostHospitalId = Guid.NewGuid(),
        InPersonCapacity = 100,
    };

    private static string CodeOf(TestDelegate action) => Assert.Throws<RuleViolation>(action)!.Code;

    [Test]
    public void Schedule_WhenValid_IsDraftVersionOneInUtc()
    {
        var meeting = Meeting.Schedule(Guid.NewGuid(), Valid(), Now);

        Assert.Multiple(() =>
        {
            Assert.That(meeting.Status, Is.EqualTo(MeetingStatus.Draft));
            Assert.That(meeting.Version, Is.EqualTo(1));
            Assert.That(meeting.Details.StartsAt.Offset, Is.EqualTo(TimeSpan.Zero));
            Assert.That(meeting.Details.StartsAt, Is.EqualTo(Start));
        });
    }

    [Test]
    public void Schedule_WhenEndNotAfterStart_ViolatesEndBeforeStart() =>
        Assert.That(CodeOf(() => Meeting.Schedule(Guid.NewGuid(), Valid() with { EndsAt = Start }, Now)), Is.EqualTo(MeetingRules.EndBeforeStart));

    [Test]
    public void Schedule_WhenLongerThanTwoWeeks_ViolatesTooLong() =>
        Assert.That(CodeOf(() => Meeting.Schedule(Guid.NewGuid(), Valid() with { EndsAt = Start.AddDays(15) }, Now)), Is.EqualTo(MeetingRules.TooLong));

    [TestCase(MeetingFormat.Hybrid)]
    [TestCase(MeetingFormat.InPerson)]
    public void Schedule_WhenHeldInPersonWithoutVenue_ViolatesVenueRequired(MeetingFormat format) =>
        Assert.That(CodeOf(() => Meeting.Schedule(Guid.NewGuid(), Valid() with { Format = format, Venue = null }, Now)), Is.EqualTo(MeetingRules.VenueRequired));

    [Test]
    public void Schedule_WhenOnlineWithoutStream_ViolatesStreamRequired() =>
        Assert.That(CodeOf(() => Meeting.Schedule(Guid.NewGuid(), Valid() with { Format = MeetingFormat.Online, Stream = null, Venue = null, InPersonCapacity = null }, Now)),
            Is.EqualTo(MeetingRules.StreamRequired));

    [Test]
    public void Schedule_WhenHybridWithVenueButWithoutStream_ViolatesStreamRequired() =>
        Assert.That(CodeOf(() => Meeting.Schedule(Guid.NewGuid(), Valid() with { Format = MeetingFormat.Hybrid, Stream = null }, Now)),
            Is.EqualTo(MeetingRules.StreamRequired));

    [TestCase(0)]
    [TestCase(10_001)]
    public void Schedule_WhenSeriesNumberOutOfRange_ViolatesSeriesNumberInvalid(int number)
    {
        var ex = Assert.Throws<RuleViolation>(() => Meeting.Schedule(Guid.NewGuid(), Valid() with { SeriesNumber = number }, Now));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Code, Is.EqualTo(MeetingRules.SeriesNumberInvalid));
            Assert.That(ex.Field, Is.EqualTo("seriesNumber"));
        });
    }

    [Test]
    public void Schedule_WhenStartIsBeforeTheYear2000_ViolatesTimeOutOfRange()
    {
        var start = new DateTimeOffset(1999, 12, 31, 8, 0, 0, TimeSpan.Zero);

        var ex = Assert.Throws<RuleViolation>(() => Meeting.Schedule(Guid.NewGuid(), Valid() with { StartsAt = start, EndsAt = start.AddHours(8) }, Now));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Code, Is.EqualTo(MeetingRules.TimeOutOfRange));
            Assert.That(ex.Field, Is.EqualTo("startsAt"));
        });
    }

    [Test]
    public void Schedule_WhenOnlineWithoutVenue_IsAllowed() =>
        Assert.That(Meeting.Schedule(Guid.NewGuid(), Valid() with { Format = MeetingFormat.Online, Venue = null, InPersonCapacity = null }, Now).Details.InPersonCapacity, Is.EqualTo(0));

    [Test]
    public void Schedule_WhenInPersonWithoutStream_IsAllowed() =>
        Assert.That(Meeting.Schedule(Guid.NewGuid(), Valid() with { Format = MeetingFormat.InPerson, Stream = null }, Now).Details.OnlineCapacity, Is.EqualTo(0));

    [TestCase(-1)]
    [TestCase(int.MaxValue)]
    public void Schedule_WhenInPersonCapacityOutOfRange_ViolatesCapacityInvalid(int capacity) =>
        Assert.That(CodeOf(() => Meeting.Schedule(Guid.NewGuid(), Valid() with { InPersonCapacity = capacity }, Now)), Is.EqualTo(MeetingRules.CapacityInvalid));

    [TestCase(-1)]
    [TestCase(int.MaxValue)]
    public void Schedule_WhenOnlineCapacityOutOfRange_ViolatesCapacityInvalid(int capacity) =>
        Assert.That(CodeOf(() => Meeting.Schedule(Guid.NewGuid(), Valid() with { OnlineCapacity = capacity }, Now)), Is.EqualTo(MeetingRules.CapacityInvalid));

    [Test]
    public void Schedule_WhenOnlineMeetingHasSeats_ViolatesCapacityNotApplicable() =>
        Assert.That(CodeOf(() => Meeting.Schedule(Guid.NewGuid(), Valid() with { Format = MeetingFormat.Online, InPersonCapacity = 5 }, Now)),
            Is.EqualTo(MeetingRules.CapacityNotApplicable));

    [Test]
    public void Schedule_WhenRegistrationClosesBeforeItOpens_ViolatesWindow() =>
        Assert.That(CodeOf(() => Meeting.Schedule(Guid.NewGuid(), Valid() with { RegistrationOpensAt = Start.AddDays(-1), RegistrationClosesAt = Start.AddDays(-2) }, Now)),
            Is.EqualTo(MeetingRules.RegistrationWindowInvalid));

    [Test]
    public void Schedule_WhenRegistrationClosesAfterTheEnd_ViolatesWindow() =>
        Assert.That(CodeOf(() => Meeting.Schedule(Guid.NewGuid(), Valid() with { RegistrationClosesAt = Start.AddDays(1) }, Now)),
            Is.EqualTo(MeetingRules.RegistrationWindowInvalid));

    [Test]
    public void Schedule_WhenRegistrationOpensYearsAhead_ViolatesWindow() =>
        Assert.That(CodeOf(() => Meeting.Schedule(Guid.NewGuid(), Valid() with { RegistrationOpensAt = Start.AddYears(-3) }, Now)),
            Is.EqualTo(MeetingRules.RegistrationWindowInvalid));

    [TestCase("Mars/Olympus")]
    [TestCase("")]
    public void Schedule_WhenTimeZoneUnknown_ViolatesTimeZoneUnknown(string zone) =>
        Assert.That(CodeOf(() => Meeting.Schedule(Guid.NewGuid(), Valid() with { TimeZone = zone }, Now)), Is.EqualTo(MeetingRules.TimeZoneUnknown));

    [TestCase("javascript:alert(1)")]
    [TestCase("file:///etc/passwd")]
    [TestCase("not a url")]
    public void StreamCreate_WhenNotAWebUrl_ViolatesStreamUrlInvalid(string url) =>
        Assert.That(CodeOf(() => StreamInfo.Create("x", url)), Is.EqualTo(MeetingRules.StreamUrlInvalid));

    [Test]
    public void Publish_WhenDraft_PublishesAndBumpsVersion()
    {
        var meeting = Meeting.Schedule(Guid.NewGuid(), Valid(), Now);

        meeting.Publish(Now);

        Assert.Multiple(() =>
        {
            Assert.That(meeting.Status, Is.EqualTo(MeetingStatus.Published));
            Assert.That(meeting.PublishedAt, Is.EqualTo(Now));
            Assert.That(meeting.Version, Is.EqualTo(2));
        });
    }

    [Test]
    public void Publish_WhenAlreadyStarted_ViolatesStartsInPast()
    {
        var meeting = Meeting.Schedule(Guid.NewGuid(), Valid(), Now);

        Assert.That(CodeOf(() => meeting.Publish(Start.AddMinutes(1))), Is.EqualTo(MeetingRules.StartsInPast));
    }

    [Test]
    public void Publish_WhenPublished_ViolatesInvalidTransition()
    {
        var meeting = Meeting.Schedule(Guid.NewGuid(), Valid(), Now);
        meeting.Publish(Now);

        Assert.That(CodeOf(() => meeting.Publish(Now)), Is.EqualTo(MeetingRules.InvalidTransition));
    }

    [TestCase(null)]
    [TestCase("   ")]
    public void Cancel_WithoutReason_ViolatesReasonRequired(string? reason)
    {
        var meeting = Meeting.Schedule(Guid.NewGuid(), Valid(), Now);

        Assert.That(CodeOf(() => meeting.Cancel(reason, Now)), Is.EqualTo(MeetingRules.CancellationReasonRequired));
        Assert.That(meeting.Status, Is.EqualTo(MeetingStatus.Draft));
    }

    [Test]
    public void Cancel_WhenPublished_CancelsWithReason()
    {
        var meeting = Meeting.Schedule(Guid.NewGuid(), Valid(), Now);
        meeting.Publish(Now);

        meeting.Cancel(" Typhoon warning ", Now);

        Assert.That(meeting.Status, Is.EqualTo(MeetingStatus.Cancelled));
        Assert.That(meeting.CancellationReason, Is.EqualTo("Typhoon warning"));
    }

    [Test]
    public void Cancel_WhenCompleted_ViolatesInvalidTransition()
    {
        var meeting = Meeting.Schedule(Guid.NewGuid(), Valid(), Now);
        meeting.Publish(Now);
        meeting.Complete(Start.AddHours(10));

        Assert.That(CodeOf(() => meeting.Cancel("late", Start.AddHours(11))), Is.EqualTo(MeetingRules.InvalidTransition));
    }

    [Test]
    public void Complete_WhenDraft_ViolatesInvalidTransition() =>
        Assert.That(CodeOf(() => Meeting.Schedule(Guid.NewGuid(), Valid(), Now).Complete(Start.AddHours(10))), Is.EqualTo(MeetingRules.InvalidTransition));

    [Test]
    public void Complete_BeforeStart_ViolatesNotStarted()
    {
        var meeting = Meeting.Schedule(Guid.NewGuid(), Valid(), Now);
        meeting.Publish(Now);

        Assert.That(CodeOf(() => meeting.Complete(Now)), Is.EqualTo(MeetingRules.NotStarted));
    }

    [Test]
    public void EnsureDeletable_WhenPublished_ViolatesNotDraft()
    {
        var meeting = Meeting.Schedule(Guid.NewGuid(), Valid(), Now);
        meeting.Publish(Now);

        Assert.That(CodeOf(meeting.EnsureDeletable), Is.EqualTo(MeetingRules.NotDraft));
    }

    [Test]
    public void Edit_WhenPublished_KeepsIdentityAndPublication()
    {
        var meeting = Meeting.Schedule(Guid.NewGuid(), Valid(), Now);
        meeting.Publish(Now);
        var id = meeting.Id;

        meeting.Edit(meeting.Details with { Title = "Renamed" }, Now.AddDays(1));

        Assert.Multiple(() =>
        {
            Assert.That(meeting.Id, Is.EqualTo(id));
            Assert.That(meeting.Status, Is.EqualTo(MeetingStatus.Published));
            Assert.That(meeting.PublishedAt, Is.EqualTo(Now));
            Assert.That(meeting.Details.Title, Is.EqualTo("Renamed"));
            Assert.That(meeting.Version, Is.EqualTo(3));
        });
    }

    [Test]
    public void Edit_WhenCancelled_ViolatesClosed()
    {
        var meeting = Meeting.Schedule(Guid.NewGuid(), Valid(), Now);
        meeting.Cancel("reason", Now);

        Assert.That(CodeOf(() => meeting.Edit(meeting.Details with { Title = "x" }, Now)), Is.EqualTo(MeetingRules.Closed));
    }

    [Test]
    public void Edit_WhenInvalid_LeavesMeetingUnchanged()
    {
        var meeting = Meeting.Schedule(Guid.NewGuid(), Valid(), Now);

        Assert.Throws<RuleViolation>(() => meeting.Edit(meeting.Details with { EndsAt = Start.AddHours(-1) }, Now));
        Assert.That(meeting.Version, Is.EqualTo(1));
        Assert.That(meeting.Details.EndsAt, Is.EqualTo(Start.AddHours(9)));
    }

    [Test]
    public void IsRegistrationOpen_FollowsWindowAndStatus()
    {
        var meeting = Meeting.Schedule(Guid.NewGuid(), Valid() with { RegistrationClosesAt = Start.AddHours(-1) }, Now);
        Assert.That(meeting.IsRegistrationOpen(Now), Is.False, "drafts are closed");

        meeting.Publish(Now);

        Assert.Multiple(() =>
        {
            Assert.That(meeting.IsRegistrationOpen(Now), Is.True);
            Assert.That(meeting.IsRegistrationOpen(Start.AddHours(-1)), Is.False);
        });
    }
}
