namespace EventScheduler.Tests.Api.Meetings;

public sealed class TranslationsTests : ApiTestBase
{
    private async Task<JsonNode> CreateWithTranslationsAsync()
    {
        var body = MeetingBody(await CreateHospitalAsync());
        body["translations"] = new JsonObject
        {
            ["en"] = new JsonObject { ["title"] = "Live Surgery Meeting (Hanzhong)", ["venueName"] = "Lecture hall of Hanzhong 3201 Hospital" },
            ["zh"] = new JsonObject { ["title"] = "手术直播会议（汉中站）", ["city"] = "汉中" },
        };
        return await CreateMeetingAsync(body);
    }

    [Test]
    public async Task CreateMeeting_WithTranslations_ReturnsThemOnReadsToo()
    {
        var created = await CreateWithTranslationsAsync();

        var read = await Json(await Organiser.GetAsync($"/meetings/{created["id"]}"));
        Assert.Multiple(() =>
        {
            Assert.That(created["translations"]!["en"]!["title"]!.GetValue<string>(), Is.EqualTo("Live Surgery Meeting (Hanzhong)"));
            Assert.That(read["translations"]!["en"]!["venueName"]!.GetValue<string>(), Is.EqualTo("Lecture hall of Hanzhong 3201 Hospital"));
            Assert.That(read["translations"]!["zh"]!["city"]!.GetValue<string>(), Is.EqualTo("汉中"));
        });
    }

    [Test]
    public async Task CreateMeeting_WithATooLongTranslatedTitle_Answers400OnThatFieldAndCreatesNothing()
    {
        var body = MeetingBody(await CreateHospitalAsync());
        var title = body["title"]!.GetValue<string>();
        body["translations"] = new JsonObject { ["en"] = new JsonObject { ["title"] = new string('x', 301) } };

        var problem = await ExpectProblem(await Organiser.PostAsJsonAsync("/meetings", body), HttpStatusCode.BadRequest, "too_long");

        Assert.That(problem["errors"]!["translations.en.title"], Is.Not.Null, problem.ToJsonString());
        var list = await Json(await Organiser.GetAsync("/meetings?limit=200"));
        Assert.That(list["items"]!.AsArray().Select(m => m!["title"]!.GetValue<string>()), Does.Not.Contain(title));
    }

    [Test]
    public async Task UpdateMeeting_WithOneLanguage_ReplacesItAndKeepsTheOther()
    {
        var created = await CreateWithTranslationsAsync();

        var response = await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{created["id"]}",
            """{"translations":{"en":{"title":"Hanzhong live surgery meeting"}}}""");

        await Expect(response, HttpStatusCode.OK);
        var updated = await Json(response);
        Assert.Multiple(() =>
        {
            Assert.That(updated["translations"]!["en"]!["title"]!.GetValue<string>(), Is.EqualTo("Hanzhong live surgery meeting"));
            Assert.That(updated["translations"]!["en"]!["venueName"], Is.Null, "a language sent replaces that language's texts");
            Assert.That(updated["translations"]!["zh"]!["title"]!.GetValue<string>(), Is.EqualTo("手术直播会议（汉中站）"));
        });
    }

    [Test]
    public async Task UpdateMeeting_WithALanguageSentAsNull_RemovesIt()
    {
        var created = await CreateWithTranslationsAsync();

        var response = await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{created["id"]}", """{"translations":{"zh":null}}""");

        await Expect(response, HttpStatusCode.OK);
        var updated = await Json(response);
        Assert.Multiple(() =>
        {
            Assert.That(updated["translations"]!["zh"], Is.Null);
            Assert.That(updated["translations"]!["en"]!["title"]!.GetValue<string>(), Is.EqualTo("Live Surgery Meeting (Hanzhong)"));
            Assert.That(updated["version"]!.GetValue<int>(), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task CreateSlot_WithTranslations_ShowsThemInThePublicProgrammeAndTheEnglishCalendar()
    {
        var hospital = await CreateHospitalAsync();
        var body = MeetingBody(hospital);
        body["translations"] = new JsonObject { ["en"] = new JsonObject { ["title"] = "Live Surgery Meeting (Hanzhong)" } };
        var meetingId = await CreatePublishedMeetingAsync(body);
        var start = DateTimeOffset.Parse(body["startsAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var slot = await Organiser.PostAsJsonAsync($"/meetings/{meetingId}/slots", new JsonObject
        {
            ["kind"] = "lecture", ["title"] = "腹腔镜肝脏手术要点",
            ["startsAt"] = start.AddHours(1).ToString("O"), ["endsAt"] = start.AddHours(2).ToString("O"),
            ["translations"] = new JsonObject { ["en"] = new JsonObject { ["title"] = "Key points of laparoscopic liver surgery" } },
        });
        await Expect(slot, HttpStatusCode.Created);

        var programme = await Json(await Anonymous.GetAsync($"/meetings/{meetingId}/programme"));
        var calendar = await (await Anonymous.GetAsync($"/meetings/{meetingId}/calendar.ics?lang=en")).Content.ReadAsStringAsync();
        var entered = await (await Anonymous.GetAsync($"/meetings/{meetingId}/calendar.ics")).Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(programme["slots"]![0]!["translations"]!["en"]!["title"]!.GetValue<string>(), Is.EqualTo("Key points of laparoscopic liver surgery"));
            var parsed = Ical.Net.Calendar.Load(calendar)!;
            Assert.That(parsed.Events.Select(e => e.Summary), Is.EquivalentTo(new[] { "Live Surgery Meeting (Hanzhong)", "Key points of laparoscopic liver surgery" }));
            Assert.That(Ical.Net.Calendar.Load(entered)!.Events.Select(e => e.Summary), Does.Contain("腹腔镜肝脏手术要点"));
        });
    }

    [Test]
    public async Task Calendar_InChinese_LabelsItsDescriptionsInChinese()
    {
        var hospital = await CreateHospitalAsync();
        var body = MeetingBody(hospital);
        body["inConjunctionWith"] = "Annual Meeting of the Hanzhong Professional Committee of General Surgery";
        body["translations"] = new JsonObject { ["zh"] = new JsonObject { ["inConjunctionWith"] = "汉中市普通外科专业委员会年会" } };
        var meetingId = await CreatePublishedMeetingAsync(body);
        var start = DateTimeOffset.Parse(body["startsAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var lead = await CreateFacultyAsync(hospital, "李宇");
        var speaker = await CreateFacultyAsync(hospital, "刘学民");
        await Expect(await Organiser.PostAsJsonAsync($"/meetings/{meetingId}/slots", new JsonObject
        {
            ["kind"] = "surgery_demo", ["title"] = "Live case", ["channel"] = "main",
            ["startsAt"] = start.AddHours(1).ToString("O"), ["endsAt"] = start.AddHours(3).ToString("O"),
            ["procedure"] = "Laparoscopic left hepatectomy", ["approach"] = "laparoscopic",
            ["operatingSurgeons"] = new JsonArray(new JsonObject { ["facultyId"] = lead.ToString(), ["role"] = "lead" }),
            ["originHospitalId"] = hospital.ToString(), ["consentRecorded"] = true, ["consentReference"] = "CF-2021-0923-02",
            ["translations"] = new JsonObject { ["zh"] = new JsonObject { ["procedure"] = "腹腔镜左半肝切除术" } },
        }), HttpStatusCode.Created);
        await Expect(await Organiser.PostAsJsonAsync($"/meetings/{meetingId}/slots", new JsonObject
        {
            ["kind"] = "lecture", ["title"] = "Key points of laparoscopic liver surgery", ["channel"] = "main",
            ["startsAt"] = start.AddHours(3).ToString("O"), ["endsAt"] = start.AddHours(4).ToString("O"),
            ["speakerIds"] = new JsonArray(speaker.ToString()),
        }), HttpStatusCode.Created);

        var chinese = Ical.Net.Calendar.Load(await (await Anonymous.GetAsync($"/meetings/{meetingId}/calendar.ics?lang=zh")).Content.ReadAsStringAsync())!;
        var entered = Ical.Net.Calendar.Load(await (await Anonymous.GetAsync($"/meetings/{meetingId}/calendar.ics")).Content.ReadAsStringAsync())!;

        string Description(Ical.Net.Calendar c, string summaryStart) => c.Events.Single(e => e.Summary!.StartsWith(summaryStart, StringComparison.Ordinal)).Description!;
        Assert.Multiple(() =>
        {
            Assert.That(Description(chinese, "Livestreaming"), Does.Contain("同期会议：汉中市普通外科专业委员会年会"));
            Assert.That(Description(chinese, "Livestreaming"), Does.Contain("第 2 期"));
            Assert.That(Description(chinese, "Live case"), Does.Contain("手术直播：腹腔镜左半肝切除术（腹腔镜）").And.Contain("直播医院：").And.Contain("手术团队：李宇 Professor（")
                .And.Contain("主刀"));
            Assert.That(Description(chinese, "Key points"), Does.StartWith("讲者：刘学民 Professor（"));
            Assert.That(string.Concat(chinese.Events.Select(e => e.Description)), Does.Not.Contain("Live surgery").And.Not.Contain("Operating")
                .And.Not.Contain("Speakers").And.Not.Contain("In conjunction with").And.Not.Contain("From:"));
            Assert.That(Description(entered, "Live case"), Does.Contain("Live surgery: Laparoscopic left hepatectomy (laparoscopic)"),
                "without a language the labels stay English");
        });
    }

    [Test]
    public async Task Calendar_WithAnUnknownLanguage_Answers400()
    {
        var meetingId = await CreatePublishedMeetingAsync();

        await ExpectProblem(await Anonymous.GetAsync($"/meetings/{meetingId}/calendar.ics?lang=fr"), HttpStatusCode.BadRequest, "validation_failed");
    }
}
