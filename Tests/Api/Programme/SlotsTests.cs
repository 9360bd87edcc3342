namespace EventScheduler.Tests.Api.Programme;

[TestFixtureSource(typeof(StorageProviders), nameof(StorageProviders.Both))]
public sealed class SlotsTests : ProgrammeTestBase
{
    public SlotsTests(string provider)
        : base(provider)
    {
    }

    [Test]
    public async Task Create_WhenSurgeryCaseValid_Returns201WithLocationETagAndFields()
    {
        var m = await NewMeetingAsync();
        var lead = await CreateFacultyAsync();
        var assistant = await CreateFacultyAsync();

        var response = await PostSlotAsync(m.Id, Case(m, 30, 150, lead, m.HostHospitalId, assistant));

        await Expect(response, HttpStatusCode.Created);
        var body = await Json(response);
        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.Location!.ToString(), Is.EqualTo($"/meetings/{m.Id}/slots/{body["id"]}"));
            Assert.That(response.Headers.ETag, Is.Not.Null);
            Assert.That(body["kind"]!.GetValue<string>(), Is.EqualTo("surgery_demo"));
            Assert.That(body["approach"]!.GetValue<string>(), Is.EqualTo("laparoscopic"));
            Assert.That(body["liveStatus"]!.GetValue<string>(), Is.EqualTo("scheduled"));
            Assert.That(body["channel"]!.GetValue<string>(), Is.EqualTo("main"));
            Assert.That(body["consentReference"]!.GetValue<string>(), Is.EqualTo("CF-2021-0923-01"));
            Assert.That(body["startsAt"]!.GetValue<string>(), Does.EndWith("+08:00"));
            Assert.That(body["operatingSurgeons"]!.AsArray().Select(s => s!["role"]!.GetValue<string>()), Is.EqualTo(new[] { "lead", "assistant" }));
        });
    }

    [Test]
    public async Task Create_WhenChannelOmitted_DefaultsToMain()
    {
        var m = await NewMeetingAsync();
        var body = Lecture(m, 0, 30);
        body.Remove("channel");

        var created = await Json(await PostSlotAsync(m.Id, body));

        Assert.That(created["channel"]!.GetValue<string>(), Is.EqualTo("main"));
    }

    [TestCase("{\"kind\":\"lecture\",\"startsAt\":\"2030-01-01T08:00:00+08:00\",\"endsAt\":\"2030-01-01T09:00:00+08:00\"}", "title")]
    [TestCase("{\"title\":\"x\",\"startsAt\":\"2030-01-01T08:00:00+08:00\",\"endsAt\":\"2030-01-01T09:00:00+08:00\"}", "kind")]
    [TestCase("{\"kind\":\"keynote\",\"title\":\"x\",\"startsAt\":\"2030-01-01T08:00:00+08:00\",\"endsAt\":\"2030-01-01T09:00:00+08:00\"}", "kind")]
    [TestCase("{\"kind\":\"lecture\",\"title\":\"x\",\"startsAt\":\"2030-01-01T08:00:00\",\"endsAt\":\"2030-01-01T09:00:00+08:00\"}", "startsAt")]
    [TestCase("{\"kind\":\"lecture\",\"title\":\"x\",\"startsAt\":\"2030-01-01T08:00:00+08:00\",\"endsAt\":\"2030-01-01T09:00:00+08:00\",\"speakerIds\":\"abc\"}", "speakerIds")]
    [TestCase("{\"kind\":\"lecture\",\"title\":42,\"startsAt\":\"2030-01-01T08:00:00+08:00\",\"endsAt\":\"2030-01-01T09:00:00+08:00\"}", "title")]
    [TestCase("{\"kind\":\"surgery_demo\",\"title\":\"x\",\"startsAt\":\"2030-01-01T08:00:00+08:00\",\"endsAt\":\"2030-01-01T09:00:00+08:00\",\"operatingSurgeons\":[{\"role\":\"lead\"}]}", "operatingSurgeons[0].facultyId")]
    [TestCase("{\"kind\":\"lecture\",", "body")]
    [TestCase("[]", "body")]
    public async Task Create_WhenBodyMalformed_Returns400ByField(string json, string field)
    {
        var m = await NewMeetingAsync();

        var response = await Organiser.PostAsync($"/meetings/{m.Id}/slots", RawJson(json));

        var problem = await ExpectProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Does.Contain(field), problem.ToJsonString());
    }

    [Test]
    public async Task Create_WhenSurgeryCaseHasNoLead_Returns400LeadSurgeonRequired()
    {
        var m = await NewMeetingAsync();
        var body = Case(m, 0, 60, await CreateFacultyAsync(), m.HostHospitalId);
        body["operatingSurgeons"]![0]!["role"] = "assistant";

        await ExpectProblem(await PostSlotAsync(m.Id, body), HttpStatusCode.BadRequest, "lead_surgeon_required");
    }

    [TestCase("procedure")]
    [TestCase("approach")]
    [TestCase("originHospitalId")]
    public async Task Create_WhenSurgeryFieldMissing_Returns400Required(string field)
    {
        var m = await NewMeetingAsync();
        var body = Case(m, 0, 60, await CreateFacultyAsync(), m.HostHospitalId);
        body.Remove(field);

        var problem = await ExpectProblem(await PostSlotAsync(m.Id, body), HttpStatusCode.BadRequest, "required");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Does.Contain(field));
    }

    [Test]
    public async Task Create_WhenLectureCarriesSurgeryFields_Returns400()
    {
        var m = await NewMeetingAsync();
        var body = Lecture(m, 0, 30);
        body["procedure"] = "hepatectomy";

        await ExpectProblem(await PostSlotAsync(m.Id, body), HttpStatusCode.BadRequest, "surgery_fields_not_applicable");
    }

    [Test]
    public async Task Create_WhenEndBeforeStart_Returns400()
    {
        var m = await NewMeetingAsync();

        await ExpectProblem(await PostSlotAsync(m.Id, Lecture(m, 60, 30)), HttpStatusCode.BadRequest, "slot_ends_before_start");
    }

    [TestCase(-30, 30)]
    [TestCase(500, 560)]
    [TestCase(-60, -30)]
    public async Task Create_WhenOutsideMeetingWindow_Returns400SlotOutsideMeeting(double from, double to)
    {
        var m = await NewMeetingAsync();

        await ExpectProblem(await PostSlotAsync(m.Id, Lecture(m, from, to)), HttpStatusCode.BadRequest, "slot_outside_meeting");
    }

    [Test]
    public async Task Create_WhenExactlyFillsMeetingWindow_Returns201()
    {
        var m = await NewMeetingAsync();

        await Expect(await PostSlotAsync(m.Id, Lecture(m, 0, 540)), HttpStatusCode.Created);
    }

    [Test]
    public async Task Create_WhenOverlappingSameChannel_Returns409NamingTheSlot()
    {
        var m = await NewMeetingAsync();
        var first = await CreateSlotAsync(m.Id, Lecture(m, 0, 60));

        var problem = await ExpectProblem(await PostSlotAsync(m.Id, Lecture(m, 59, 90)), HttpStatusCode.Conflict, "slot_overlap");

        Assert.That(problem["conflictingSlotId"]!.GetValue<Guid>(), Is.EqualTo(first));
    }

    [Test]
    public async Task Create_WhenOverlappingOtherChannelOrBackToBack_Returns201()
    {
        var m = await NewMeetingAsync();
        await CreateSlotAsync(m.Id, Lecture(m, 0, 60));

        await Expect(await PostSlotAsync(m.Id, Lecture(m, 30, 90, channel: "theatre-2")), HttpStatusCode.Created);
        await Expect(await PostSlotAsync(m.Id, Lecture(m, 60, 90)), HttpStatusCode.Created);
    }

    [Test]
    public async Task Create_WhenSurgeonOperatesInAnotherMeetingAtTheSameTime_Returns409WithSlotAndMeeting()
    {
        var surgeon = await CreateFacultyAsync();
        var first = await NewMeetingAsync();
        var second = await NewMeetingAsync();
        var booked = await CreateSlotAsync(first.Id, Case(first, 0, 120, surgeon, first.HostHospitalId));

        var problem = await ExpectProblem(await PostSlotAsync(second.Id, Case(second, 60, 180, surgeon, second.HostHospitalId)),
            HttpStatusCode.Conflict, "faculty_double_booked");

        Assert.Multiple(() =>
        {
            Assert.That(problem["conflictingSlotId"]!.GetValue<Guid>(), Is.EqualTo(booked));
            Assert.That(problem["conflictingMeetingId"]!.GetValue<Guid>(), Is.EqualTo(first.Id));
            Assert.That(problem["facultyId"]!.GetValue<Guid>(), Is.EqualTo(surgeon));
        });
    }

    [Test]
    public async Task Create_WhenSpeakerIsModeratingAnOverlappingSlot_Returns409()
    {
        var person = await CreateFacultyAsync();
        var m = await NewMeetingAsync();
        var discussion = Lecture(m, 0, 60, channel: "hall-b");
        discussion["kind"] = "discussion";
        discussion["moderatorIds"] = new JsonArray(person.ToString());
        var moderated = await CreateSlotAsync(m.Id, discussion);

        var problem = await ExpectProblem(await PostSlotAsync(m.Id, Lecture(m, 30, 90, person)), HttpStatusCode.Conflict, "faculty_double_booked");

        Assert.That(problem["conflictingSlotId"]!.GetValue<Guid>(), Is.EqualTo(moderated));
    }

    [Test]
    public async Task Create_WhenSurgeonBookedBackToBackAcrossMeetings_Returns201()
    {
        var surgeon = await CreateFacultyAsync();
        var first = await NewMeetingAsync();
        var second = await NewMeetingAsync();
        await CreateSlotAsync(first.Id, Case(first, 0, 120, surgeon, first.HostHospitalId));

        await Expect(await PostSlotAsync(second.Id, Case(second, 120, 180, surgeon, second.HostHospitalId)), HttpStatusCode.Created);
    }

    [Test]
    public async Task Create_WhenClashingSlotsMeetingIsCancelled_Returns201()
    {
        var surgeon = await CreateFacultyAsync();
        var first = await NewMeetingAsync();
        await CreateSlotAsync(first.Id, Case(first, 0, 120, surgeon, first.HostHospitalId));
        await Expect(await Organiser.PostAsJsonAsync($"/meetings/{first.Id}/cancel", new { reason = "Moved" }), HttpStatusCode.OK);
        var second = await NewMeetingAsync();

        await Expect(await PostSlotAsync(second.Id, Case(second, 0, 120, surgeon, second.HostHospitalId)), HttpStatusCode.Created);
    }

    [Test]
    public async Task Create_WhenMeetingCancelled_Returns409ProgrammeFrozen()
    {
        var m = await NewMeetingAsync();
        await Expect(await Organiser.PostAsJsonAsync($"/meetings/{m.Id}/cancel", new { reason = "Typhoon" }), HttpStatusCode.OK);

        await ExpectProblem(await PostSlotAsync(m.Id, Lecture(m, 0, 30)), HttpStatusCode.Conflict, "programme_frozen");
    }

    [Test]
    public async Task Create_WhenFacultyUnknown_Returns400ByField()
    {
        var m = await NewMeetingAsync();

        var problem = await ExpectProblem(await PostSlotAsync(m.Id, Lecture(m, 0, 30, Guid.NewGuid())), HttpStatusCode.BadRequest, "unknown_faculty");

        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Does.Contain("speakerIds"));
    }

    [Test]
    public async Task Create_WhenOriginHospitalUnknown_Returns400()
    {
        var m = await NewMeetingAsync();

        await ExpectProblem(await PostSlotAsync(m.Id, Case(m, 0, 30, await CreateFacultyAsync(), Guid.NewGuid())), HttpStatusCode.BadRequest, "unknown_hospital");
    }

    [Test]
    public async Task Create_WhenMeetingUnknown_Returns404()
    {
        var m = await NewMeetingAsync();

        await ExpectProblem(await PostSlotAsync(Guid.NewGuid(), Lecture(m, 0, 30)), HttpStatusCode.NotFound, "not_found");
    }

    [Test]
    public async Task Create_WithoutKey_Returns401()
    {
        var m = await NewMeetingAsync();

        await ExpectProblem(await PostSlotAsync(m.Id, Lecture(m, 0, 30), Anonymous), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Test]
    public async Task Create_WithCheckInKey_Returns403()
    {
        var m = await NewMeetingAsync();
        using var checkIn = await ClientForRoleAsync("check_in");

        await ExpectProblem(await PostSlotAsync(m.Id, Lecture(m, 0, 30), checkIn), HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task List_ReturnsSlotsInStartOrderAndPages()
    {
        var m = await NewMeetingAsync();
        var late = await CreateSlotAsync(m.Id, Lecture(m, 120, 150));
        var early = await CreateSlotAsync(m.Id, Lecture(m, 0, 30));
        var middle = await CreateSlotAsync(m.Id, Lecture(m, 60, 90));

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await Json(await Organiser.GetAsync($"/meetings/{m.Id}/slots?limit=2" + (cursor is null ? "" : $"&cursor={cursor}")));
            seen.AddRange(page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<Guid>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        Assert.That(seen, Is.EqualTo(new[] { early, middle, late }));
    }

    [Test]
    public async Task List_WhenMeetingUnknown_Returns404()
    {
        await ExpectProblem(await Organiser.GetAsync($"/meetings/{Guid.NewGuid()}/slots"), HttpStatusCode.NotFound, "not_found");
    }

    [Test]
    public async Task List_WithoutKey_Returns401()
    {
        var m = await NewMeetingAsync(publish: true);

        await ExpectProblem(await Anonymous.GetAsync($"/meetings/{m.Id}/slots"), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Test]
    public async Task Get_WhenSlotOfAnotherMeeting_Returns404()
    {
        var m = await NewMeetingAsync();
        var other = await NewMeetingAsync();
        var slot = await CreateSlotAsync(m.Id, Lecture(m, 0, 30));

        await ExpectProblem(await Organiser.GetAsync($"/meetings/{other.Id}/slots/{slot}"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await Organiser.GetAsync($"/meetings/{m.Id}/slots/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "not_found");
    }

    [Test]
    public async Task Update_WhenMovedOntoAnotherSlot_Returns409AndKeepsTheOld()
    {
        var m = await NewMeetingAsync();
        var first = await CreateSlotAsync(m.Id, Lecture(m, 0, 60));
        var second = await CreateSlotAsync(m.Id, Lecture(m, 60, 120));

        var problem = await ExpectProblem(await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{m.Id}/slots/{second}", new { startsAt = At(m, 30) }),
            HttpStatusCode.Conflict, "slot_overlap");

        Assert.That(problem["conflictingSlotId"]!.GetValue<Guid>(), Is.EqualTo(first));
        var current = await Json(await Organiser.GetAsync($"/meetings/{m.Id}/slots/{second}"));
        Assert.That(DateTimeOffset.Parse(current["startsAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(m.StartsAt.AddMinutes(60)));
    }

    [Test]
    public async Task Update_WhenTitleChanged_KeepsOtherFieldsAndRaisesVersion()
    {
        var m = await NewMeetingAsync();
        var speaker = await CreateFacultyAsync();
        var slot = await CreateSlotAsync(m.Id, Lecture(m, 0, 60, speaker));

        var response = await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{m.Id}/slots/{slot}", new { title = "Renamed" }, "\"1\"");

        await Expect(response, HttpStatusCode.OK);
        var body = await Json(response);
        Assert.Multiple(() =>
        {
            Assert.That(body["title"]!.GetValue<string>(), Is.EqualTo("Renamed"));
            Assert.That(body["speakerIds"]!.AsArray().Select(s => s!.GetValue<Guid>()), Is.EqualTo(new[] { speaker }));
            Assert.That(body["version"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(response.Headers.ETag!.Tag, Is.EqualTo("\"2\""));
        });
    }

    [Test]
    public async Task Update_WhenIfMatchStale_Returns412()
    {
        var m = await NewMeetingAsync();
        var slot = await CreateSlotAsync(m.Id, Lecture(m, 0, 60));
        await Expect(await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{m.Id}/slots/{slot}", new { title = "One" }), HttpStatusCode.OK);

        await ExpectProblem(await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{m.Id}/slots/{slot}", new { title = "Two" }, "\"1\""),
            HttpStatusCode.PreconditionFailed, "precondition_failed");
    }

    [Test]
    public async Task Update_WhenMovedToClashWithSurgeonElsewhere_Returns409()
    {
        var surgeon = await CreateFacultyAsync();
        var a = await NewMeetingAsync();
        var b = await NewMeetingAsync();
        var booked = await CreateSlotAsync(a.Id, Case(a, 0, 60, surgeon, a.HostHospitalId));
        var other = await CreateSlotAsync(b.Id, Case(b, 60, 120, surgeon, b.HostHospitalId));

        var problem = await ExpectProblem(await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{b.Id}/slots/{other}", new { startsAt = At(b, 30) }),
            HttpStatusCode.Conflict, "faculty_double_booked");
        Assert.That(problem["conflictingSlotId"]!.GetValue<Guid>(), Is.EqualTo(booked));
    }

    [Test]
    public async Task Update_WhenKindClearedWithoutSurgeryFields_Returns400()
    {
        var m = await NewMeetingAsync();
        var slot = await CreateSlotAsync(m.Id, Case(m, 0, 60, await CreateFacultyAsync(), m.HostHospitalId));

        await ExpectProblem(await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{m.Id}/slots/{slot}", new { kind = "lecture" }),
            HttpStatusCode.BadRequest, "surgery_fields_not_applicable");
    }

    [Test]
    public async Task Delete_WhenScheduled_Returns204ThenGone()
    {
        var m = await NewMeetingAsync();
        var slot = await CreateSlotAsync(m.Id, Lecture(m, 0, 60));

        await Expect(await Organiser.DeleteAsync($"/meetings/{m.Id}/slots/{slot}"), HttpStatusCode.NoContent);
        await ExpectProblem(await Organiser.GetAsync($"/meetings/{m.Id}/slots/{slot}"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await Organiser.DeleteAsync($"/meetings/{m.Id}/slots/{slot}"), HttpStatusCode.NotFound, "not_found");
    }

    [Test]
    public async Task Delete_WhenDraftMeetingDeleted_RemovesItsSlots()
    {
        var m = await NewMeetingAsync();
        var slot = await CreateSlotAsync(m.Id, Lecture(m, 0, 60));

        await Expect(await Organiser.DeleteAsync($"/meetings/{m.Id}"), HttpStatusCode.NoContent);

        await ExpectProblem(await Organiser.GetAsync($"/meetings/{m.Id}/slots/{slot}"), HttpStatusCode.NotFound, "not_found");
    }

    [Test]
    public async Task Delete_WhenFacultyStillInASlot_Returns409InUse()
    {
        var m = await NewMeetingAsync();
        var speaker = await CreateFacultyAsync();
        await CreateSlotAsync(m.Id, Lecture(m, 0, 60, speaker));

        await ExpectProblem(await Organiser.DeleteAsync($"/faculty/{speaker}"), HttpStatusCode.Conflict, "in_use");
    }

    [TestCase("{\"startsAt\":5}", "startsAt")]
    [TestCase("{\"approach\":\"keyhole\"}", "approach")]
    [TestCase("{\"consentRecorded\":\"yes\"}", "consentRecorded")]
    [TestCase("[1]", "body")]
    public async Task Update_WhenBodyMalformed_Returns400ByField(string json, string field)
    {
        var m = await NewMeetingAsync();
        var slot = await CreateSlotAsync(m.Id, Lecture(m, 0, 60));

        var problem = await ExpectProblem(await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{m.Id}/slots/{slot}", json), HttpStatusCode.BadRequest, "validation_failed");

        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Does.Contain(field), problem.ToJsonString());
    }

    [Test]
    public async Task Update_WhenTitleCleared_Returns400Required()
    {
        var m = await NewMeetingAsync();
        var slot = await CreateSlotAsync(m.Id, Lecture(m, 0, 60));

        await ExpectProblem(await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{m.Id}/slots/{slot}", "{\"title\":null}"), HttpStatusCode.BadRequest, "required");
    }

    [Test]
    public async Task Delete_WhenIfMatchStale_Returns412AndKeepsTheSlot()
    {
        var m = await NewMeetingAsync();
        var slot = await CreateSlotAsync(m.Id, Lecture(m, 0, 60));
        var request = new HttpRequestMessage(HttpMethod.Delete, $"/meetings/{m.Id}/slots/{slot}");
        request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"9\""));

        await ExpectProblem(await Organiser.SendAsync(request), HttpStatusCode.PreconditionFailed, "precondition_failed");
        await Expect(await Organiser.GetAsync($"/meetings/{m.Id}/slots/{slot}"), HttpStatusCode.OK);
    }

    [Test]
    public async Task List_WithIntegrationKey_Returns403()
    {
        var m = await NewMeetingAsync(publish: true);
        using var integration = await ClientForRoleAsync("integration", m.HostHospitalId);

        await ExpectProblem(await integration.GetAsync($"/meetings/{m.Id}/slots"), HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task Create_WhenSlotChanges_RecordsChangesWithoutConsentReference()
    {
        var m = await NewMeetingAsync();
        var slot = await CreateSlotAsync(m.Id, Case(m, 0, 60, await CreateFacultyAsync(), m.HostHospitalId));

        var rows = await QueryDatabaseAsync<(string Type, string Payload)>(
            "SELECT type, payload FROM changes WHERE entity = 'slot' AND entity_id = @Id", new { Id = slot.ToString() });
        Assert.That(rows, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            Assert.That(rows[0].Type, Is.EqualTo("slot.created"));
            Assert.That(rows[0].Payload, Does.Not.Contain("CF-2021"));
            Assert.That(rows[0].Payload, Does.Contain("Live case"));
        });
    }

    [Test]
    public async Task Create_WhenRetriedWithSameIdempotencyKey_CreatesOneSlot()
    {
        var meeting = await NewMeetingAsync();
        var body = Lecture(meeting, 0, 60, await CreateFacultyAsync());
        var key = Guid.NewGuid().ToString();

        async Task<HttpResponseMessage> Post(JsonObject b)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/meetings/{meeting.Id}/slots") { Content = JsonContent.Create(b) };
            request.Headers.Add("Idempotency-Key", key);
            return await Organiser.SendAsync(request);
        }

        var first = await Post(body);
        var second = await Post(body);
        var changed = (JsonObject)body.DeepClone();
        changed["title"] = "Another lecture";
        var third = await Post(changed);

        await Expect(first, HttpStatusCode.Created);
        await Expect(second, HttpStatusCode.Created);
        Assert.That(await second.Content.ReadAsStringAsync(), Is.EqualTo(await first.Content.ReadAsStringAsync()));
        await ExpectProblem(third, HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        var list = await Json(await Organiser.GetAsync($"/meetings/{meeting.Id}/slots"));
        Assert.That(list["items"]!.AsArray(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Create_WhenOperatingSurgeonIsNull_Returns400()
    {
        var meeting = await NewMeetingAsync();
        var body = Lecture(meeting, 0, 60);
        body["operatingSurgeons"] = new JsonArray((JsonNode?)null);

        await ExpectProblem(await PostSlotAsync(meeting.Id, body), HttpStatusCode.BadRequest, "validation_failed");
    }
}
