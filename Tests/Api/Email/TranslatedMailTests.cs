using Ical.Net;

namespace EventScheduler.Tests.Api.Email;

/// <summary>Mails speak the registration's language in the meeting's own texts too (issue 12 with issue 13's
/// translations): title, venue and the attached calendar from the organisers' translation, else as entered.</summary>
public sealed class TranslatedMailTests : MailTestBase
{
    private const string ChineseTitle = "汉中腹腔镜肝脏手术直播会议";
    private const string ChineseVenue = "汉中3201医院学术报告厅";
    private const string ChineseProcedure = "腹腔镜右半肝切除联合门静脉右支取栓、缝合重建术";
    private const string EnglishVenue = "Lecture hall, Hanzhong 3201 Hospital";
    private const string EnglishProcedure = "Laparoscopic right hepatectomy with right portal vein thrombectomy";

    /// <summary>A meeting entered in Chinese with an English translation, and one live case translated likewise.</summary>
    private async Task<(Guid Id, string EnglishTitle)> ChineseMeetingAsync()
    {
        var host = await CreateHospitalAsync();
        var body = MeetingBody(host);
        var englishTitle = Unique("Hanzhong Live Surgery Meeting");
        body["title"] = ChineseTitle + Guid.NewGuid().ToString("N")[..6];
        body["venue"] = new JsonObject { ["name"] = ChineseVenue, ["address"] = "陕西省汉中市" };
        body["translations"] = new JsonObject
        {
            ["en"] = new JsonObject { ["title"] = englishTitle, ["venueName"] = EnglishVenue, ["venueAddress"] = "Hanzhong, Shaanxi" },
        };
        var id = (await CreateMeetingAsync(body))["id"]!.GetValue<Guid>();
        var start = DateTimeOffset.Parse(body["startsAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var lead = await CreateFacultyAsync(host, "李宇");
        var slot = await Organiser.PostAsJsonAsync($"/meetings/{id}/slots", new JsonObject
        {
            ["kind"] = "surgery_demo", ["title"] = "手术直播", ["channel"] = "main",
            ["startsAt"] = start.AddHours(1).ToString("O"), ["endsAt"] = start.AddHours(3).ToString("O"),
            ["procedure"] = ChineseProcedure, ["approach"] = "laparoscopic",
            ["operatingSurgeons"] = new JsonArray(new JsonObject { ["facultyId"] = lead.ToString(), ["role"] = "lead" }),
            ["originHospitalId"] = host.ToString(), ["consentRecorded"] = true, ["consentReference"] = "CF-2021-0923-01",
            ["translations"] = new JsonObject { ["en"] = new JsonObject { ["title"] = "Live surgery", ["procedure"] = EnglishProcedure } },
        });
        await Expect(slot, HttpStatusCode.Created);
        await Expect(await Organiser.PostAsync($"/meetings/{id}/publish", null), HttpStatusCode.OK);
        return (id, englishTitle);
    }

    private static Calendar Ics(ReceivedMail mail) =>
        Calendar.Load(System.Text.Encoding.UTF8.GetString(Bytes(Attachment(mail, "text/calendar") ?? throw new AssertionException("no calendar attached"))))!;

    [Test]
    public async Task SignUp_InEnglish_OfAChineseMeeting_MailsItsEnglishTitleVenueAndCalendar()
    {
        var (meeting, englishTitle) = await ChineseMeetingAsync();
        var email = Email();
        var body = SignUpBody("in_person", email);
        body["language"] = "en";
        await SignUpAsync(meeting, body);

        var mail = (await Smtp.WaitForAsync(email)).Single();
        var ics = Ics(mail);
        var slot = ics.Events.Single(e => e.Uid!.StartsWith("slot-", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(mail.Message.Subject, Is.EqualTo($"Registration confirmed: {englishTitle}"));
            Assert.That(mail.Text, Does.Contain($"Where: {EnglishVenue}, Hanzhong, Shaanxi"));
            Assert.That(mail.Text + mail.Html, Does.Not.Contain(ChineseTitle).And.Not.Contain(ChineseVenue));
            Assert.That(ics.Properties["X-WR-CALNAME"]!.Value, Is.EqualTo(englishTitle));
            Assert.That(ics.Events.Single(e => e.Uid == $"meeting-{meeting}@eventscheduler").Summary, Is.EqualTo(englishTitle));
            Assert.That(ics.Events.Single(e => e.Uid == $"meeting-{meeting}@eventscheduler").Location, Does.StartWith(EnglishVenue));
            Assert.That(slot.Description, Does.Contain($"Live surgery: {EnglishProcedure} (laparoscopic)"));
        });
    }

    [Test]
    public async Task SignUp_InChinese_OfAChineseMeeting_KeepsTheEnteredTextsAndLabelsTheCalendarInChinese()
    {
        var (meeting, englishTitle) = await ChineseMeetingAsync();
        var email = Email();
        var body = SignUpBody("in_person", email);
        body["language"] = "zh";
        await SignUpAsync(meeting, body);

        var mail = (await Smtp.WaitForAsync(email)).Single();
        var slot = Ics(mail).Events.Single(e => e.Uid!.StartsWith("slot-", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(mail.Message.Subject, Does.StartWith("报名成功：" + ChineseTitle));
            Assert.That(mail.Text, Does.Contain($"地点：{ChineseVenue}（陕西省汉中市）"));
            Assert.That(mail.Text, Does.Not.Contain(englishTitle).And.Not.Contain(EnglishVenue));
            Assert.That(slot.Description, Does.Contain($"手术直播：{ChineseProcedure}（腹腔镜）"));
            Assert.That(slot.Description, Does.Contain("手术团队：李宇 Professor（").And.Contain("主刀"));
            Assert.That(slot.Description, Does.Not.Contain("Live surgery").And.Not.Contain("Operating"));
        });
    }

    [Test]
    public async Task SignUp_InEnglish_OfAMeetingWithoutEnglishTexts_FallsBackToTheEnteredOnes()
    {
        var meeting = await CreateOpenMeetingAsync();
        var entered = await Json(await Organiser.GetAsync($"/meetings/{meeting}"));
        var email = Email();
        var body = SignUpBody("in_person", email);
        body["language"] = "en";
        await SignUpAsync(meeting, body);

        var mail = (await Smtp.WaitForAsync(email)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(mail.Message.Subject, Is.EqualTo($"Registration confirmed: {entered["title"]!.GetValue<string>()}"));
            Assert.That(mail.Text, Does.Contain("Where: Hanzhong 3201 Hospital lecture hall, Hanzhong, Shaanxi"));
        });
    }

    [Test]
    public async Task MeetingMove_OfTheVenue_NamesTheOldVenueInTheReadersLanguage()
    {
        var (meeting, englishTitle) = await ChineseMeetingAsync();
        var email = Email();
        var body = SignUpBody("in_person", email);
        body["language"] = "en";
        await SignUpAsync(meeting, body);
        await Smtp.WaitForAsync(email);

        var patch = await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{meeting}", new
        {
            venue = new { name = "汉中市会展中心", address = "陕西省汉中市" },
            // A language sent replaces that language's texts: the title goes again.
            translations = new { en = new { title = englishTitle, venueName = "Hanzhong Convention Centre", venueAddress = "Hanzhong, Shaanxi" } },
        });
        await Expect(patch, HttpStatusCode.OK);

        var mail = (await Smtp.WaitForAsync(email, 2)).Last();
        Assert.Multiple(() =>
        {
            Assert.That(mail.Message.Subject, Does.StartWith("Meeting details changed: "));
            Assert.That(mail.Text, Does.Contain("Where: Hanzhong Convention Centre, Hanzhong, Shaanxi"));
            Assert.That(mail.Text, Does.Contain($"Previous venue: {EnglishVenue}, Hanzhong, Shaanxi"));
            Assert.That(mail.Text, Does.Not.Contain("汉中"));
        });
    }
}
