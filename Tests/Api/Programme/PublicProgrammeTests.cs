namespace EventScheduler.Tests.Api.Programme;

[TestFixtureSource(typeof(StorageProviders), nameof(StorageProviders.Both))]
public sealed class PublicProgrammeTests : ProgrammeTestBase
{
    public PublicProgrammeTests(string provider)
        : base(provider)
    {
    }

    [Test]
    public async Task Get_WhenPublished_ShowsSlotsInOrderWithNamesHospitalsAndStatusButNothingPrivate()
    {
        var hospital = await CreateHospitalAsync(name: Unique("Hanzhong 3201 Hospital"));
        var lead = await CreateFacultyAsync(hospital, Unique("Liu Xiaochen"));
        var assistant = await CreateFacultyAsync(hospital, Unique("Duan Jianfeng"));
        var speaker = await CreateFacultyAsync(name: Unique("Liu Xuemin"));
        var m = await NewMeetingAsync(publish: true);
        var lecture = await CreateSlotAsync(m.Id, Lecture(m, 180, 210, speaker));
        var @case = await CreateSlotAsync(m.Id, Case(m, 0, 120, lead, hospital, assistant));
        await Expect(await SetStatusAsync(m.Id, @case, "live"), HttpStatusCode.OK);

        var response = await Anonymous.GetAsync($"/meetings/{m.Id}/programme");

        await Expect(response, HttpStatusCode.OK);
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonNode.Parse(text)!;
        var slots = body["slots"]!.AsArray();
        var first = slots[0]!;
        Assert.Multiple(() =>
        {
            Assert.That(slots.Select(s => s!["id"]!.GetValue<Guid>()), Is.EqualTo(new[] { @case, lecture }));
            Assert.That(first["liveStatus"]!.GetValue<string>(), Is.EqualTo("live"));
            Assert.That(first["operatingSurgeons"]![0]!["fullName"]!.GetValue<string>(), Does.StartWith("Liu Xiaochen"));
            Assert.That(first["operatingSurgeons"]![0]!["role"]!.GetValue<string>(), Is.EqualTo("lead"));
            Assert.That(first["operatingSurgeons"]![0]!["title"]!.GetValue<string>(), Is.EqualTo("Professor"));
            Assert.That(first["operatingSurgeons"]![1]!["hospitalName"]!.GetValue<string>(), Does.StartWith("Hanzhong 3201 Hospital"));
            Assert.That(first["originHospital"]!["name"]!.GetValue<string>(), Does.StartWith("Hanzhong 3201 Hospital"));
            Assert.That(slots[1]!["speakers"]![0]!["fullName"]!.GetValue<string>(), Does.StartWith("Liu Xuemin"));
            Assert.That(body["startsAt"]!.GetValue<string>(), Does.EndWith("+08:00"));
            Assert.That(text, Does.Not.Contain("CF-2021").And.Not.Contain("consent").And.Not.Contain("live.example.org"));
        });
    }

    [Test]
    public async Task Get_WhenDraft_Returns404ToPublicButShowsToOrganisers()
    {
        var m = await NewMeetingAsync();
        await CreateSlotAsync(m.Id, Lecture(m, 0, 30));

        await ExpectProblem(await Anonymous.GetAsync($"/meetings/{m.Id}/programme"), HttpStatusCode.NotFound, "not_found");
        await Expect(await Organiser.GetAsync($"/meetings/{m.Id}/programme"), HttpStatusCode.OK);
    }

    [Test]
    public async Task Get_WhenCancelledAfterPublication_StaysPublic()
    {
        var m = await NewMeetingAsync(publish: true);
        await CreateSlotAsync(m.Id, Lecture(m, 0, 30));
        await Expect(await Organiser.PostAsJsonAsync($"/meetings/{m.Id}/cancel", new { reason = "Typhoon" }), HttpStatusCode.OK);

        var body = await Json(await Anonymous.GetAsync($"/meetings/{m.Id}/programme"));

        Assert.Multiple(() =>
        {
            Assert.That(body["status"]!.GetValue<string>(), Is.EqualTo("cancelled"));
            Assert.That(body["slots"]!.AsArray(), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Get_WhenUnknown_Returns404()
    {
        await ExpectProblem(await Anonymous.GetAsync($"/meetings/{Guid.NewGuid()}/programme"), HttpStatusCode.NotFound, "not_found");
    }

    [Test]
    public async Task Get_WithRevokedLookingKey_Returns401()
    {
        var m = await NewMeetingAsync(publish: true);
        using var wrong = Factory.ClientWithKey("not-a-key");

        await ExpectProblem(await wrong.GetAsync($"/meetings/{m.Id}/programme"), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Test]
    public async Task Programme_WhenReadAgainAfterChanges_ShowsEachChange()
    {
        var meeting = await NewMeetingAsync(publish: true);
        var speaker = await CreateFacultyAsync(name: Unique("Speaker"));
        var slot = await CreateSlotAsync(meeting.Id, Lecture(meeting, 0, 60, speaker));
        var first = await (await Anonymous.GetAsync($"/meetings/{meeting.Id}/programme")).Content.ReadAsStringAsync();

        await Expect(await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{meeting.Id}/slots/{slot}", "{\"title\":\"Renamed lecture\"}"), HttpStatusCode.OK);
        var afterEdit = await (await Anonymous.GetAsync($"/meetings/{meeting.Id}/programme")).Content.ReadAsStringAsync();
        await Expect(await SetStatusAsync(meeting.Id, slot, "live"), HttpStatusCode.OK);
        var afterLive = await (await Anonymous.GetAsync($"/meetings/{meeting.Id}/programme")).Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(first, Does.Not.Contain("Renamed lecture"));
            Assert.That(afterEdit, Does.Contain("Renamed lecture").And.Contain("\"liveStatus\":\"scheduled\""));
            Assert.That(afterLive, Does.Contain("\"liveStatus\":\"live\""));
        });
    }
}
