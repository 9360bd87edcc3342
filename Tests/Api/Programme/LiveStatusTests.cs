namespace EventScheduler.Tests.Api.Programme;

[TestFixtureSource(typeof(StorageProviders), nameof(StorageProviders.Both))]
public sealed class LiveStatusTests : ProgrammeTestBase
{
    public LiveStatusTests(string provider)
        : base(provider)
    {
    }

    private async Task<(TestMeeting Meeting, Guid Slot)> PublishedCaseAsync(bool consent = true)
    {
        var m = await NewMeetingAsync(publish: true);
        var slot = await CreateSlotAsync(m.Id, Case(m, 0, 120, await CreateFacultyAsync(), m.HostHospitalId, consent: consent));
        return (m, slot);
    }

    [Test]
    public async Task ChangeStatus_WhenFullDayPath_RecordsEveryStepInHistory()
    {
        var (m, slot) = await PublishedCaseAsync();

        await Expect(await SetStatusAsync(m.Id, slot, "delayed", At(m, 15), "Theatre turnover"), HttpStatusCode.OK);
        await Expect(await SetStatusAsync(m.Id, slot, "live"), HttpStatusCode.OK);
        await Expect(await SetStatusAsync(m.Id, slot, "interrupted", note: "Stream lost"), HttpStatusCode.OK);
        await Expect(await SetStatusAsync(m.Id, slot, "live", note: "Stream restored"), HttpStatusCode.OK);
        var last = await SetStatusAsync(m.Id, slot, "completed");

        await Expect(last, HttpStatusCode.OK);
        var body = await Json(await Organiser.GetAsync($"/meetings/{m.Id}/slots/{slot}"));
        var history = body["statusHistory"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(body["liveStatus"]!.GetValue<string>(), Is.EqualTo("completed"));
            Assert.That(history.Select(h => h!["to"]!.GetValue<string>()), Is.EqualTo(new[] { "delayed", "live", "interrupted", "live", "completed" }));
            Assert.That(history.Select(h => h!["from"]!.GetValue<string>()), Is.EqualTo(new[] { "scheduled", "delayed", "live", "interrupted", "live" }));
            Assert.That(history[0]!["note"]!.GetValue<string>(), Is.EqualTo("Theatre turnover"));
            Assert.That(DateTimeOffset.Parse(history[0]!["expectedStartAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
                Is.EqualTo(m.StartsAt.AddMinutes(15)));
            Assert.That(history[0]!["occurredAt"], Is.Not.Null);
            Assert.That(history.Select(h => h!["id"]!.GetValue<long>()), Is.Ordered.Ascending);
        });
    }

    [Test]
    public async Task ChangeStatus_WhenDelayed_ShowsExpectedStartUntilLive()
    {
        var (m, slot) = await PublishedCaseAsync();

        var delayed = await Json(await SetStatusAsync(m.Id, slot, "delayed", At(m, 20)));
        var live = await Json(await SetStatusAsync(m.Id, slot, "live"));

        Assert.Multiple(() =>
        {
            Assert.That(delayed["expectedStartAt"]!.GetValue<string>(), Does.EndWith("+08:00"));
            Assert.That(live["expectedStartAt"], Is.Null);
        });
    }

    [Test]
    public async Task ChangeStatus_WhenDelayedWithoutExpectedStart_Returns400()
    {
        var (m, slot) = await PublishedCaseAsync();

        await ExpectProblem(await SetStatusAsync(m.Id, slot, "delayed"), HttpStatusCode.BadRequest, "expected_start_required");
    }

    [TestCase("completed")]
    [TestCase("interrupted")]
    [TestCase("switched_to_recording")]
    [TestCase("scheduled")]
    public async Task ChangeStatus_WhenNotAllowedFromScheduled_Returns409(string to)
    {
        var (m, slot) = await PublishedCaseAsync();

        await ExpectProblem(await SetStatusAsync(m.Id, slot, to), HttpStatusCode.Conflict, "invalid_live_transition");
    }

    [TestCase("completed", "live")]
    [TestCase("switched_to_recording", "live")]
    [TestCase("cancelled", "live")]
    [TestCase("completed", "cancelled")]
    public async Task ChangeStatus_WhenFinal_RefusesAnyFurtherChange(string final, string next)
    {
        var (m, slot) = await PublishedCaseAsync();
        if (final != "cancelled")
        {
            await Expect(await SetStatusAsync(m.Id, slot, "live"), HttpStatusCode.OK);
        }

        await Expect(await SetStatusAsync(m.Id, slot, final), HttpStatusCode.OK);

        await ExpectProblem(await SetStatusAsync(m.Id, slot, next), HttpStatusCode.Conflict, "invalid_live_transition");
    }

    [Test]
    public async Task ChangeStatus_WhenInterruptedCaseIsCompleted_Returns409InvalidLiveTransition()
    {
        var (m, slot) = await InterruptedCaseAsync();

        await ExpectProblem(await SetStatusAsync(m.Id, slot, "completed"), HttpStatusCode.Conflict, "invalid_live_transition");
    }

    [TestCase("live")]
    [TestCase("cancelled")]
    public async Task ChangeStatus_WhenInterruptedCaseResumesOrIsCancelled_Returns200(string next)
    {
        var (m, slot) = await InterruptedCaseAsync();

        await Expect(await SetStatusAsync(m.Id, slot, next), HttpStatusCode.OK);
    }

    private async Task<(TestMeeting Meeting, Guid Slot)> InterruptedCaseAsync()
    {
        var (m, slot) = await PublishedCaseAsync();
        await Expect(await SetStatusAsync(m.Id, slot, "live"), HttpStatusCode.OK);
        await Expect(await SetStatusAsync(m.Id, slot, "interrupted"), HttpStatusCode.OK);
        return (m, slot);
    }

    [Test]
    public async Task ChangeStatus_WhenCaseHasNoConsent_Returns409ConsentRequired()
    {
        var (m, slot) = await PublishedCaseAsync(consent: false);

        await ExpectProblem(await SetStatusAsync(m.Id, slot, "live"), HttpStatusCode.Conflict, "consent_required");
    }

    [Test]
    public async Task ChangeStatus_WhenConsentIsRecordedAfterARefusal_GoesLive()
    {
        var (m, slot) = await PublishedCaseAsync(consent: false);
        await ExpectProblem(await SetStatusAsync(m.Id, slot, "live"), HttpStatusCode.Conflict, "consent_required");
        await Expect(await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{m.Id}/slots/{slot}", new { consentRecorded = true, consentReference = "CF-7" }), HttpStatusCode.OK);

        await Expect(await SetStatusAsync(m.Id, slot, "live"), HttpStatusCode.OK);
    }

    [Test]
    public async Task Update_WhenWithdrawingConsentOfALiveCase_Returns409()
    {
        var (m, slot) = await PublishedCaseAsync();
        await Expect(await SetStatusAsync(m.Id, slot, "live"), HttpStatusCode.OK);

        await ExpectProblem(await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{m.Id}/slots/{slot}", new { consentRecorded = false }),
            HttpStatusCode.Conflict, "consent_required");
    }

    [Test]
    public async Task ChangeStatus_WhenLectureGoesLive_NeedsNoConsent()
    {
        var m = await NewMeetingAsync(publish: true);
        var slot = await CreateSlotAsync(m.Id, Lecture(m, 0, 30));

        await Expect(await SetStatusAsync(m.Id, slot, "live"), HttpStatusCode.OK);
    }

    [Test]
    public async Task ChangeStatus_WhenMeetingIsDraft_Returns409MeetingNotPublished()
    {
        var m = await NewMeetingAsync();
        var slot = await CreateSlotAsync(m.Id, Lecture(m, 0, 30));

        await ExpectProblem(await SetStatusAsync(m.Id, slot, "live"), HttpStatusCode.Conflict, "meeting_not_published");
    }

    [Test]
    public async Task ChangeStatus_WhenMeetingCancelled_Returns409ProgrammeFrozen()
    {
        var (m, slot) = await PublishedCaseAsync();
        await Expect(await Organiser.PostAsJsonAsync($"/meetings/{m.Id}/cancel", new { reason = "Typhoon" }), HttpStatusCode.OK);

        await ExpectProblem(await SetStatusAsync(m.Id, slot, "live"), HttpStatusCode.Conflict, "programme_frozen");
        await ExpectProblem(await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{m.Id}/slots/{slot}", new { title = "x" }), HttpStatusCode.Conflict, "programme_frozen");
        await ExpectProblem(await Organiser.DeleteAsync($"/meetings/{m.Id}/slots/{slot}"), HttpStatusCode.Conflict, "programme_frozen");
    }

    [Test]
    public async Task ChangeStatus_WhenMeetingCompleted_Returns409ProgrammeFrozen()
    {
        var (m, slot) = await PublishedCaseAsync();
        Factory.Clock.Advance(TimeSpan.FromDays(31));
        await Expect(await Organiser.PostAsync($"/meetings/{m.Id}/complete", null), HttpStatusCode.OK);

        await ExpectProblem(await SetStatusAsync(m.Id, slot, "live"), HttpStatusCode.Conflict, "programme_frozen");
        await ExpectProblem(await PostSlotAsync(m.Id, Lecture(m, 200, 230)), HttpStatusCode.Conflict, "programme_frozen");
    }

    [Test]
    public async Task ChangeStatus_WhenSlotCancelled_FreesItsPeopleAndItsChannel()
    {
        var surgeon = await CreateFacultyAsync();
        var m = await NewMeetingAsync(publish: true);
        var slot = await CreateSlotAsync(m.Id, Case(m, 0, 120, surgeon, m.HostHospitalId));
        await Expect(await SetStatusAsync(m.Id, slot, "cancelled"), HttpStatusCode.OK);

        await Expect(await PostSlotAsync(m.Id, Case(m, 0, 120, surgeon, m.HostHospitalId)), HttpStatusCode.Created);
    }

    [Test]
    public async Task Delete_WhenSlotHasBeenLive_Returns409()
    {
        var (m, slot) = await PublishedCaseAsync();
        await Expect(await SetStatusAsync(m.Id, slot, "live"), HttpStatusCode.OK);

        await ExpectProblem(await Organiser.DeleteAsync($"/meetings/{m.Id}/slots/{slot}"), HttpStatusCode.Conflict, "slot_already_started");
    }

    [TestCase("{\"status\":\"on_air\"}", "status")]
    [TestCase("{}", "status")]
    [TestCase("{\"status\":\"delayed\",\"expectedStartAt\":\"soon\"}", "expectedStartAt")]
    [TestCase("{\"status\":3}", "status")]
    public async Task ChangeStatus_WhenBodyInvalid_Returns400(string json, string field)
    {
        var (m, slot) = await PublishedCaseAsync();

        var problem = await ExpectProblem(await Organiser.PostAsync($"/meetings/{m.Id}/slots/{slot}/status", RawJson(json)), HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Does.Contain(field), problem.ToJsonString());
    }

    [Test]
    public async Task ChangeStatus_WhenIfMatchStale_Returns412()
    {
        var (m, slot) = await PublishedCaseAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/meetings/{m.Id}/slots/{slot}/status") { Content = JsonContent.Create(new { status = "live" }) };
        request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"7\""));

        await ExpectProblem(await Organiser.SendAsync(request), HttpStatusCode.PreconditionFailed, "precondition_failed");
    }

    [Test]
    public async Task ChangeStatus_WhenUnknownSlot_Returns404()
    {
        var m = await NewMeetingAsync(publish: true);

        await ExpectProblem(await SetStatusAsync(m.Id, Guid.NewGuid(), "live"), HttpStatusCode.NotFound, "not_found");
    }

    [Test]
    public async Task ChangeStatus_WithoutKey_Returns401()
    {
        var (m, slot) = await PublishedCaseAsync();

        await ExpectProblem(await Anonymous.PostAsJsonAsync($"/meetings/{m.Id}/slots/{slot}/status", new { status = "live" }), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [TestCase(null)]
    [TestCase(60 * 25)]
    public async Task ChangeStatus_WhenExpectedStartFarFromSchedule_Returns400(int? minutesAfterStart)
    {
        var (m, slot) = await PublishedCaseAsync();
        var expected = minutesAfterStart is { } minutes ? At(m, minutes) : "9999-12-31T23:00:00+00:00";

        await ExpectProblem(await SetStatusAsync(m.Id, slot, "delayed", expected), HttpStatusCode.BadRequest, "expected_start_out_of_range");
    }

    [Test]
    public async Task ChangeStatus_WhenDelayedByHalfAnHour_Returns200()
    {
        var (m, slot) = await PublishedCaseAsync();

        await Expect(await SetStatusAsync(m.Id, slot, "delayed", At(m, 30)), HttpStatusCode.OK);
    }
}
