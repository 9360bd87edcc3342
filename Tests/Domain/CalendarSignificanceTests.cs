using EventScheduler.Domain.Meetings;

namespace EventScheduler.Tests.Domain;

public sealed class CalendarSignificanceTests
{
    private static readonly DateTimeOffset Start = new(2021, 9, 23, 8, 30, 0, TimeSpan.FromHours(8));

    private static readonly MeetingDetails Details = new()
    {
        Title = "Livestreaming Surgery Meeting (Hanzhong)",
        StartsAt = Start,
        EndsAt = Start.AddHours(9),
        City = "Hanzhong",
        Province = "Shaanxi",
        Venue = new Venue("Lecture hall", "Hanzhong, Shaanxi"),
        HostHospitalId = Guid.NewGuid(),
        InPersonCapacity = 100,
    };

    private static bool Significant(MeetingDetails after, MeetingStatus before = MeetingStatus.Published, MeetingStatus now = MeetingStatus.Published) =>
        CalendarSignificance.Of(Details, before, after, now);

    [Test]
    public void Of_WhenTitleCapacityOrStreamChange_IsNotSignificant() =>
        Assert.That(Significant(Details with
        {
            Title = "Renamed", InPersonCapacity = 300, Stream = new StreamInfo("Alliance live", "https://live.example.org/x"),
        }), Is.False);

    [Test]
    public void Of_WhenSameInstantInAnotherOffset_IsNotSignificant() =>
        Assert.That(Significant(Details with { StartsAt = Start.ToUniversalTime() }), Is.False);

    [Test]
    public void Of_WhenStartMoves_IsSignificant() => Assert.That(Significant(Details with { StartsAt = Start.AddHours(-1) }), Is.True);

    [Test]
    public void Of_WhenEndMoves_IsSignificant() => Assert.That(Significant(Details with { EndsAt = Start.AddHours(10) }), Is.True);

    [Test]
    public void Of_WhenVenueChanges_IsSignificant() => Assert.That(Significant(Details with { Venue = new Venue("Hall B", "Hanzhong, Shaanxi") }), Is.True);

    [Test]
    public void Of_WhenCityChanges_IsSignificant() => Assert.That(Significant(Details with { City = "Ankang" }), Is.True);

    [Test]
    public void Of_WhenPublished_IsSignificant() => Assert.That(Significant(Details, MeetingStatus.Draft, MeetingStatus.Published), Is.True);

    [Test]
    public void Of_WhenCancelled_IsSignificant() => Assert.That(Significant(Details, MeetingStatus.Published, MeetingStatus.Cancelled), Is.True);

    [Test]
    public void Of_WhenCompleted_IsNotSignificant() => Assert.That(Significant(Details, MeetingStatus.Published, MeetingStatus.Completed), Is.False);
}
