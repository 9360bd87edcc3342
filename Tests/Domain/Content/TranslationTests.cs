using EventScheduler.Domain.Common;
using EventScheduler.Domain.Content;
using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Programme;

namespace EventScheduler.Tests.Domain.Content;

public sealed class TranslationTests
{
    private static readonly DateTimeOffset Start = new(2027, 3, 20, 8, 30, 0, TimeSpan.FromHours(8));

    private static MeetingDetails Meeting(IReadOnlyDictionary<string, MeetingTranslation> translations, Venue? venue = null) => new()
    {
        Title = "西北腹腔镜肝脏联盟手术直播会议（汉中站）",
        Format = MeetingFormat.InPerson,
        StartsAt = Start,
        EndsAt = Start.AddHours(9),
        Venue = venue ?? new Venue("汉中市3201医院学术报告厅", "陕西省汉中市"),
        HostHospitalId = Guid.NewGuid(),
        Translations = translations,
    };

    [Test]
    public void Validate_WhenATranslationUsesAnUnknownLanguage_ReportsLanguageUnknownOnThatKey()
    {
        var violation = Assert.Throws<RuleViolation>(() => Meeting(new Dictionary<string, MeetingTranslation> { ["fr"] = new() { Title = "Réunion" } }).Validate())!;

        Assert.Multiple(() =>
        {
            Assert.That(violation.Code, Is.EqualTo(ContentLanguages.UnknownLanguageCode));
            Assert.That(violation.Field, Is.EqualTo("translations.fr"));
        });
    }

    [Test]
    public void Validate_WhenATranslatedTitleIsTooLong_ReportsTooLongOnTheTranslatedField()
    {
        var translations = new Dictionary<string, MeetingTranslation> { ["en"] = new() { Title = new string('x', MeetingDetails.MaxTitleLength + 1) } };

        var violation = Assert.Throws<RuleViolation>(() => Meeting(translations).Validate())!;

        Assert.Multiple(() =>
        {
            Assert.That(violation.Code, Is.EqualTo(Text.TooLongCode));
            Assert.That(violation.Field, Is.EqualTo("translations.en.title"));
        });
    }

    [Test]
    public void Validate_WhenATranslationIsBlank_DropsItAndTrimsTheRest()
    {
        var details = Meeting(new Dictionary<string, MeetingTranslation>
        {
            ["en"] = new() { Title = "  Live Surgery Meeting (Hanzhong) " },
            ["zh"] = new() { Title = "   " },
        }).Validate();

        Assert.That(details.Translations.Keys, Is.EqualTo(new[] { "en" }));
        Assert.That(details.Translations["en"].Title, Is.EqualTo("Live Surgery Meeting (Hanzhong)"));
    }

    [Test]
    public void MeetingText_ForALanguage_UsesItsTextsAndFallsBackToTheEnteredOnes()
    {
        var details = Meeting(new Dictionary<string, MeetingTranslation> { ["en"] = new() { Title = "Live Surgery Meeting (Hanzhong)", VenueName = "Lecture hall" } }).Validate();

        var english = MeetingText.For(details, "en");
        var chinese = MeetingText.For(details, "zh");

        Assert.Multiple(() =>
        {
            Assert.That(english.Title, Is.EqualTo("Live Surgery Meeting (Hanzhong)"));
            Assert.That(english.VenueName, Is.EqualTo("Lecture hall"));
            Assert.That(english.VenueAddress, Is.EqualTo("陕西省汉中市"));
            Assert.That(chinese.Title, Is.EqualTo("西北腹腔镜肝脏联盟手术直播会议（汉中站）"));
        });
    }

    [Test]
    public void SameAs_WhenOnlyATranslationDiffers_IsFalse()
    {
        var a = Meeting(new Dictionary<string, MeetingTranslation> { ["en"] = new() { Title = "A" } }).Validate();
        var b = a with { Translations = new Dictionary<string, MeetingTranslation> { ["en"] = new() { Title = "B" } } };
        var same = a with { Translations = new Dictionary<string, MeetingTranslation> { ["en"] = new() { Title = "A" } } };

        Assert.Multiple(() =>
        {
            Assert.That(a.SameAs(b), Is.False);
            Assert.That(a.SameAs(same), Is.True);
        });
    }

    [Test]
    public void SlotValidate_WhenALectureHasATranslatedProcedure_ReportsSurgeryFieldsNotApplicable()
    {
        var lecture = new SlotDetails
        {
            Kind = SlotKind.Lecture,
            Title = "腹腔镜肝脏手术要点",
            StartsAt = Start,
            EndsAt = Start.AddHours(1),
            Translations = new Dictionary<string, SlotTranslation> { ["en"] = new() { Title = "Key points", Procedure = "Hepatectomy" } },
        };

        Assert.That(Assert.Throws<RuleViolation>(() => lecture.Validate())!.Code, Is.EqualTo(SlotRules.SurgeryFieldsNotApplicable));
    }
}
