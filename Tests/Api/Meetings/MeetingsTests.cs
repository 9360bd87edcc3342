namespace EventScheduler.Tests.Api.Meetings;

[TestFixtureSource(typeof(StorageProviders), nameof(StorageProviders.Both))]
public sealed class MeetingsTests : ApiTestBase
{
    public MeetingsTests(string provider)
        : base(provider)
    {
    }

    [Test]
    public async Task Create_WhenValid_ReturnsDraftInMeetingTimeZone()
    {
        var host = await CreateHospitalAsync();
        var chair = await CreateFacultyAsync(host);
        var coOrganiser = await CreateHospitalAsync();
        var body = MeetingBody(host);
        body["chairIds"] = new JsonArray(chair.ToString());
        body["coOrganiserHospitalIds"] = new JsonArray(coOrganiser.ToString());
        body["inConjunctionWith"] = "Annual Meeting of Hanzhong Professional Committee of General Surgery";

        var response = await Organiser.PostAsJsonAsync("/meetings", body);

        await Expect(response, HttpStatusCode.Created);
        var meeting = await Json(response);
        Assert.Multiple(() =>
        {
            Assert.That(meeting["status"]!.GetValue<string>(), Is.EqualTo("draft"));
            Assert.That(meeting["startsAt"]!.GetValue<string>(), Does.EndWith("+08:00"));
            Assert.That(meeting["chairIds"]![0]!.GetValue<Guid>(), Is.EqualTo(chair));
            Assert.That(meeting["coOrganiserHospitalIds"]![0]!.GetValue<Guid>(), Is.EqualTo(coOrganiser));
            Assert.That(meeting["stream"]!["url"]!.GetValue<string>(), Is.EqualTo("https://live.example.org/hanzhong"));
            Assert.That(meeting["onlineCapacity"], Is.Null);
            Assert.That(response.Headers.ETag!.Tag, Is.EqualTo("\"1\""));
        });
    }

    [TestCase("endsAt", "2001-01-01T00:00:00+08:00", "meeting_ends_before_start")]
    [TestCase("venue", null, "venue_required")]
    [TestCase("stream", null, "stream_required")]
    [TestCase("inPersonCapacity", -5, "capacity_invalid")]
    [TestCase("timeZone", "Asia/Atlantis", "time_zone_unknown")]
    public async Task Create_WhenRuleBroken_Returns400WithRuleCodeAndField(string field, object? value, string code)
    {
        var body = MeetingBody(await CreateHospitalAsync());
        body[field] = JsonValue.Create(value);

        var problem = await ExpectProblem(await Organiser.PostAsJsonAsync("/meetings", body), HttpStatusCode.BadRequest, code);

        Assert.That(problem["errors"]![field], Is.Not.Null, problem.ToJsonString());
    }

    [TestCase("startsAt", "2021-09-23T08:30:00")]
    [TestCase("startsAt", "tomorrow")]
    [TestCase("inPersonCapacity", "many")]
    [TestCase("format", "hologram")]
    [TestCase("chairIds", "not-a-list")]
    public async Task Create_WhenValueHasWrongTypeOrFormat_Returns400ForThatField(string field, string value)
    {
        var body = MeetingBody(await CreateHospitalAsync());
        body[field] = value;

        var problem = await ExpectProblem(await Organiser.PostAsJsonAsync("/meetings", body), HttpStatusCode.BadRequest, "validation_failed");

        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Does.Contain(field), problem.ToJsonString());
    }

    [Test]
    public async Task Create_WhenHostHospitalUnknown_Returns400AndStoresNothing()
    {
        var body = MeetingBody(Guid.NewGuid());

        await ExpectProblem(await Organiser.PostAsJsonAsync("/meetings", body), HttpStatusCode.BadRequest, "unknown_hospital");

        var list = await Json(await Organiser.GetAsync("/meetings?limit=200"));
        Assert.That(list["items"]!.AsArray().Select(m => m!["title"]!.GetValue<string>()), Does.Not.Contain(body["title"]!.GetValue<string>()));
    }

    [Test]
    public async Task Create_WhenChairUnknown_Returns400()
    {
        var body = MeetingBody(await CreateHospitalAsync());
        body["chairIds"] = new JsonArray(Guid.NewGuid().ToString());

        await ExpectProblem(await Organiser.PostAsJsonAsync("/meetings", body), HttpStatusCode.BadRequest, "unknown_faculty");
    }

    [Test]
    public async Task Get_WhenDraftAndAnonymous_Returns404()
    {
        var id = (await CreateMeetingAsync())["id"]!.GetValue<Guid>();

        await ExpectProblem(await Anonymous.GetAsync($"/meetings/{id}"), HttpStatusCode.NotFound, "not_found");
    }

    [Test]
    public async Task Get_WhenPublishedAndAnonymous_HidesStream()
    {
        var id = await CreatePublishedMeetingAsync();

        var response = await Anonymous.GetAsync($"/meetings/{id}");

        await Expect(response, HttpStatusCode.OK);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(text, Does.Not.Contain("live.example.org"));
        Assert.That((await Json(response))["stream"], Is.Null);
    }

    [Test]
    public async Task Get_WithIntegrationKey_HidesStream()
    {
        var id = await CreatePublishedMeetingAsync();
        using var integration = await ClientForRoleAsync("integration", await CreateHospitalAsync());

        var text = await (await integration.GetAsync($"/meetings/{id}")).Content.ReadAsStringAsync();

        Assert.That(text, Does.Not.Contain("live.example.org"));
    }

    [Test]
    public async Task Publish_ThenAnonymousListShowsIt()
    {
        var city = Unique("City");
        var id = await CreatePublishedMeetingAsync(MeetingBody(await CreateHospitalAsync(), city: city));
        var draft = (await CreateMeetingAsync(MeetingBody(await CreateHospitalAsync(), city: city)))["id"]!.GetValue<Guid>();

        var list = await Json(await Anonymous.GetAsync($"/meetings?city={Uri.EscapeDataString(city)}"));

        var ids = list["items"]!.AsArray().Select(m => m!["id"]!.GetValue<Guid>()).ToList();
        Assert.That(ids, Is.EqualTo(new[] { id }));
        Assert.That(ids, Does.Not.Contain(draft));
        Assert.That(list["items"]![0]!["stream"], Is.Null);
    }

    [Test]
    public async Task List_WhenAnonymousAsksForDrafts_Returns403()
    {
        await ExpectProblem(await Anonymous.GetAsync("/meetings?status=draft"), HttpStatusCode.Forbidden, "forbidden");
    }

    // PostgreSQL refuses a NUL in a text parameter (the query fails); SQLite would run it and match nothing.
    // Both must answer the same clear 400 naming the filter.
    [TestCase("/meetings?city=Han%00zhong", "city")]
    [TestCase("/meetings?province=%1BShaanxi", "province")]
    [TestCase("/meetings?series=%00", "series")]
    [TestCase("/hospitals?province=Shaan%00xi", "province")]
    [TestCase("/meetings/{meeting}/registrations?q=li%00", "q")]
    public async Task List_WhenTextFilterHoldsControlCharacter_Returns400ForThatFilter(string path, string field)
    {
        if (path.Contains("{meeting}", StringComparison.Ordinal))
        {
            var meeting = (await CreateMeetingAsync(MeetingBody(await CreateHospitalAsync())))["id"]!.GetValue<Guid>();
            path = path.Replace("{meeting}", meeting.ToString(), StringComparison.Ordinal);
        }

        var problem = await ExpectProblem(await Organiser.GetAsync(path), HttpStatusCode.BadRequest, "validation_failed");

        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { field }), problem.ToJsonString());
    }

    [Test]
    public async Task List_WhenFilteredByTime_ReturnsMeetingsInStartOrder()
    {
        var series = Unique("Series");
        var host = await CreateHospitalAsync();
        var late = (await CreateMeetingAsync(MeetingBody(host, 60, series: series)))["id"]!.GetValue<Guid>();
        var early = (await CreateMeetingAsync(MeetingBody(host, 40, series: series)))["id"]!.GetValue<Guid>();
        await CreateMeetingAsync(MeetingBody(host, 200, series: series));
        var to = Uri.EscapeDataString(Factory.Clock.GetUtcNow().AddDays(100).ToString("O"));

        var list = await Json(await Organiser.GetAsync($"/meetings?series={Uri.EscapeDataString(series)}&to={to}"));

        Assert.That(list["items"]!.AsArray().Select(m => m!["id"]!.GetValue<Guid>()), Is.EqualTo(new[] { early, late }));
    }

    [Test]
    public async Task List_WhenPaged_ReturnsEachOnceInOrder()
    {
        var series = Unique("Series");
        var host = await CreateHospitalAsync();
        for (var i = 0; i < 5; i++)
        {
            await CreateMeetingAsync(MeetingBody(host, 30 + i, series: series));
        }

        var starts = new List<DateTimeOffset>();
        string? cursor = null;
        do
        {
            var page = await Json(await Organiser.GetAsync($"/meetings?series={Uri.EscapeDataString(series)}&limit=2" + (cursor is null ? "" : $"&cursor={cursor}")));
            starts.AddRange(page["items"]!.AsArray().Select(m => DateTimeOffset.Parse(m!["startsAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        Assert.That(starts, Has.Count.EqualTo(5));
        Assert.That(starts, Is.Ordered);
    }

    [Test]
    public async Task Patch_WhenFieldsOmitted_KeepsThemAndNullClears()
    {
        var created = await CreateMeetingAsync();
        var id = created["id"]!.GetValue<Guid>();

        var response = await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{id}", "{\"title\":\"Renamed meeting\",\"inPersonCapacity\":null}");

        await Expect(response, HttpStatusCode.OK);
        var meeting = await Json(response);
        Assert.Multiple(() =>
        {
            Assert.That(meeting["title"]!.GetValue<string>(), Is.EqualTo("Renamed meeting"));
            Assert.That(meeting["inPersonCapacity"], Is.Null);
            Assert.That(meeting["city"]!.GetValue<string>(), Is.EqualTo(created["city"]!.GetValue<string>()));
            Assert.That(meeting["version"]!.GetValue<int>(), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Patch_WhenPublished_KeepsIdAndStatus()
    {
        var id = await CreatePublishedMeetingAsync();

        var meeting = await Json(await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{id}", "{\"city\":\"Ankang\"}"));

        Assert.That((meeting["id"]!.GetValue<Guid>(), meeting["status"]!.GetValue<string>(), meeting["city"]!.GetValue<string>()),
            Is.EqualTo((id, "published", "Ankang")));
    }

    [Test]
    public async Task Patch_WhenIfMatchStale_Returns412AndChangesNothing()
    {
        var id = (await CreateMeetingAsync())["id"]!.GetValue<Guid>();
        await Expect(await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{id}", "{\"city\":\"Ankang\"}", "\"1\""), HttpStatusCode.OK);

        var stale = await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{id}", "{\"city\":\"Xi'an\"}", "\"1\"");

        await ExpectProblem(stale, HttpStatusCode.PreconditionFailed, "precondition_failed");
        Assert.That((await Json(await Organiser.GetAsync($"/meetings/{id}")))["city"]!.GetValue<string>(), Is.EqualTo("Ankang"));
    }

    [Test]
    public async Task Patch_WhenIfMatchCurrent_Succeeds()
    {
        var id = (await CreateMeetingAsync())["id"]!.GetValue<Guid>();
        var etag = (await Organiser.GetAsync($"/meetings/{id}")).Headers.ETag!.ToString();

        var response = await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{id}", "{\"city\":\"Ankang\"}", etag);

        await Expect(response, HttpStatusCode.OK);
        Assert.That(response.Headers.ETag!.ToString(), Is.Not.EqualTo(etag));
    }

    [Test]
    public async Task Patch_WhenEndMovedBeforeStart_Returns400AndChangesNothing()
    {
        var created = await CreateMeetingAsync();
        var id = created["id"]!.GetValue<Guid>();

        await ExpectProblem(await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{id}", "{\"endsAt\":\"2000-01-01T00:00:00Z\"}"),
            HttpStatusCode.BadRequest, "meeting_ends_before_start");

        Assert.That((await Json(await Organiser.GetAsync($"/meetings/{id}")))["version"]!.GetValue<int>(), Is.EqualTo(1));
    }

    [Test]
    public async Task Patch_WhenUnknown_Returns404() =>
        await ExpectProblem(await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{Guid.NewGuid()}", "{\"city\":\"X\"}"), HttpStatusCode.NotFound, "not_found");

    [Test]
    public async Task Cancel_WithoutReason_Returns400()
    {
        var id = await CreatePublishedMeetingAsync();

        await ExpectProblem(await Organiser.PostAsJsonAsync($"/meetings/{id}/cancel", new { reason = "" }), HttpStatusCode.BadRequest, "validation_failed");
    }

    [Test]
    public async Task Cancel_WhenPublished_StaysPublicWithReason()
    {
        var id = await CreatePublishedMeetingAsync();

        await Expect(await Organiser.PostAsJsonAsync($"/meetings/{id}/cancel", new { reason = "Typhoon warning" }), HttpStatusCode.OK);

        var meeting = await Json(await Anonymous.GetAsync($"/meetings/{id}"));
        Assert.That((meeting["status"]!.GetValue<string>(), meeting["cancellationReason"]!.GetValue<string>()), Is.EqualTo(("cancelled", "Typhoon warning")));
    }

    [Test]
    public async Task Publish_WhenCancelled_Returns409InvalidTransition()
    {
        var id = (await CreateMeetingAsync())["id"]!.GetValue<Guid>();
        await Expect(await Organiser.PostAsJsonAsync($"/meetings/{id}/cancel", new { reason = "No longer needed" }), HttpStatusCode.OK);

        await ExpectProblem(await Organiser.PostAsync($"/meetings/{id}/publish", null), HttpStatusCode.Conflict, "invalid_status_transition");
    }

    [Test]
    public async Task Complete_BeforeStart_Returns409ThenAfterStartSucceeds()
    {
        var id = await CreatePublishedMeetingAsync();

        await ExpectProblem(await Organiser.PostAsync($"/meetings/{id}/complete", null), HttpStatusCode.Conflict, "meeting_not_started");

        Factory.Clock.Advance(TimeSpan.FromDays(31));
        var meeting = await Json(await Organiser.PostAsync($"/meetings/{id}/complete", null));
        Assert.That(meeting["status"]!.GetValue<string>(), Is.EqualTo("completed"));
    }

    [Test]
    public async Task Delete_WhenPublished_Returns409AndKeepsIt()
    {
        var id = await CreatePublishedMeetingAsync();

        await ExpectProblem(await Organiser.DeleteAsync($"/meetings/{id}"), HttpStatusCode.Conflict, "meeting_not_draft");
        await Expect(await Anonymous.GetAsync($"/meetings/{id}"), HttpStatusCode.OK);
    }

    [Test]
    public async Task Delete_WhenDraft_Returns204()
    {
        var id = (await CreateMeetingAsync())["id"]!.GetValue<Guid>();

        await Expect(await Organiser.DeleteAsync($"/meetings/{id}"), HttpStatusCode.NoContent);
        await ExpectProblem(await Organiser.GetAsync($"/meetings/{id}"), HttpStatusCode.NotFound, "not_found");
    }

    [Test]
    public async Task Publish_WithIntegrationKey_Returns403()
    {
        var id = (await CreateMeetingAsync())["id"]!.GetValue<Guid>();
        using var integration = await ClientForRoleAsync("integration", await CreateHospitalAsync());

        await ExpectProblem(await integration.PostAsync($"/meetings/{id}/publish", null), HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task Create_Anonymous_Returns401()
    {
        await ExpectProblem(await Anonymous.PostAsJsonAsync("/meetings", MeetingBody(Guid.NewGuid())), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Test]
    public async Task Publish_WithJsonContentTypeAndEmptyBody_Succeeds()
    {
        var id = (await CreateMeetingAsync())["id"]!.GetValue<Guid>();

        var response = await Organiser.PostAsync($"/meetings/{id}/publish", new StringContent("", System.Text.Encoding.UTF8, "application/json"));

        await Expect(response, HttpStatusCode.OK);
    }

    [TestCase("startsAt", "0001-01-01T12:00:00Z", "time_out_of_range")]
    [TestCase("endsAt", "9999-12-31T23:59:59Z", "time_out_of_range")]
    [TestCase("timeZone", "China Standard Time", "time_zone_unknown")]
    [TestCase("title", "Meeting\u0000", "invalid_characters")]
    public async Task Create_WhenValueOutOfBounds_Returns400WithRuleCode(string field, string value, string code)
    {
        var body = MeetingBody(await CreateHospitalAsync());
        body[field] = value;
        if (field == "startsAt")
        {
            body["registrationOpensAt"] = "2021-01-01T00:00:00Z";
        }

        await ExpectProblem(await Organiser.PostAsJsonAsync("/meetings", body), HttpStatusCode.BadRequest, code);
    }

    [Test]
    public async Task Patch_WhenNothingChanges_KeepsVersionAndETag()
    {
        var created = await CreateMeetingAsync();
        var id = created["id"]!.GetValue<Guid>();

        var empty = await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{id}", "{}");
        var same = await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{id}", $"{{\"city\":\"{created["city"]}\"}}");

        await Expect(empty, HttpStatusCode.OK);
        await Expect(same, HttpStatusCode.OK);
        Assert.That(same.Headers.ETag!.Tag, Is.EqualTo("\"1\""));
    }

    [TestCase("null")]
    [TestCase("[]")]
    [TestCase("\"text\"")]
    public async Task Patch_WhenBodyIsNotAnObject_Returns400(string json)
    {
        var id = (await CreateMeetingAsync())["id"]!.GetValue<Guid>();

        var response = await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{id}", json);

        await Expect(response, HttpStatusCode.BadRequest);
        Assert.That((await Json(await Organiser.GetAsync($"/meetings/{id}")))["version"]!.GetValue<int>(), Is.EqualTo(1));
    }

    [Test]
    public async Task Patch_WhenNestedFieldSent_MergesIntoVenueAndStream()
    {
        var id = (await CreateMeetingAsync())["id"]!.GetValue<Guid>();

        var meeting = await Json(await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{id}",
            "{\"venue\":{\"address\":\"No. 1 Hospital Road, Hanzhong\"},\"stream\":{\"url\":\"https://live.example.org/new\"}}"));

        Assert.Multiple(() =>
        {
            Assert.That(meeting["venue"]!["name"]!.GetValue<string>(), Is.EqualTo("Hanzhong 3201 Hospital lecture hall"));
            Assert.That(meeting["venue"]!["address"]!.GetValue<string>(), Is.EqualTo("No. 1 Hospital Road, Hanzhong"));
            Assert.That(meeting["stream"]!["platform"]!.GetValue<string>(), Is.EqualTo("Alliance live"));
            Assert.That(meeting["stream"]!["url"]!.GetValue<string>(), Is.EqualTo("https://live.example.org/new"));
        });
    }
}
