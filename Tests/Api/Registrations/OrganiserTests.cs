using System.Text;

namespace EventScheduler.Tests.Api.Registrations;

[TestFixtureSource(typeof(StorageProviders), nameof(StorageProviders.Both))]
public sealed class OrganiserTests : RegistrationTestBase
{
    public OrganiserTests(string provider)
        : base(provider)
    {
    }

    [Test]
    public async Task List_WhenFiltered_ReturnsOnlyMatchesInArrivalOrder()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 1);
        var a = await SignUpAsync(meeting, "in_person");
        var b = await SignUpAsync(meeting, "in_person");
        var c = await SignUpAsync(meeting, "online");

        var waitlisted = await ListAllAsync(meeting, "&status=waitlisted");
        var online = await ListAllAsync(meeting, "&mode=online");
        var inPersonConfirmed = await ListAllAsync(meeting, "&mode=in_person&status=confirmed");
        var all = await ListAllAsync(meeting);

        Assert.Multiple(() =>
        {
            Assert.That(waitlisted.Select(Id), Is.EqualTo(new[] { Id(b) }));
            Assert.That(waitlisted[0]["waitlistPosition"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(online.Select(Id), Is.EqualTo(new[] { Id(c) }));
            Assert.That(inPersonConfirmed.Select(Id), Is.EqualTo(new[] { Id(a) }), "snake_case enum values bind from the query");
            Assert.That(all.Select(Id), Is.EqualTo(new[] { Id(a), Id(b), Id(c) }));
            Assert.That(all[0]["email"], Is.Not.Null, "organisers see contact data");
        });
    }

    [Test]
    public async Task List_WhenQueuedRowsSpreadOverPagesAndFilters_ShowsEachPositionAsItsOwnRecordDoes()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 1, online: 1);
        var hospital = await CreateHospitalAsync();
        // In person: one confirmed and five waiting, every other one from the hospital (so its filter skips queued rows).
        var hall = new List<JsonNode>();
        for (var i = 0; i < 6; i++)
        {
            hall.Add(await Json(await PostSignUpAsync(Anonymous, meeting, SignUpBody("in_person", hospitalId: i % 2 == 0 ? hospital : null))));
        }

        // Confirmed online and asking to switch: it keeps its seat and queues in person behind the five.
        var switching = await Json(await PostSignUpAsync(Anonymous, meeting, SignUpBody("online", hospitalId: hospital)));
        await Expect(await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(switching)}/switch-mode", Token(switching), new { mode = "in_person" }),
            HttpStatusCode.OK);
        // The second in the queue leaves: everyone behind moves up.
        await Expect(await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(hall[2])}/cancel", Token(hall[2])), HttpStatusCode.OK);

        var queue = (await ListAllAsync(meeting)).Where(r => Position(r) is not null).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(queue.Select(Id), Is.EqualTo(new[] { Id(hall[1]), Id(hall[3]), Id(hall[4]), Id(hall[5]), Id(switching) }));
            Assert.That(queue.Select(Position), Is.EqualTo(new int?[] { 1, 2, 3, 4, 5 }));
        });
        foreach (var query in new[] { "", "&status=waitlisted", $"&hospitalId={hospital}", "&mode=in_person", "&status=confirmed&mode=online" })
        {
            foreach (var limit in new[] { 1, 2, 200 })
            {
                foreach (var row in await ListAllAsync(meeting, query, limit))
                {
                    Assert.That(Position(row), Is.EqualTo(Position(await GetAsOrganiserAsync(Id(row)))), $"{Id(row)} on pages of {limit} of ?{query}");
                }
            }
        }
    }

    [Test]
    public async Task List_WhenSearchingAndFilteringByHospital_FindsTheAttendee()
    {
        var meeting = await CreateOpenMeetingAsync();
        var hospital = await CreateHospitalAsync();
        var wanted = await Json(await PostSignUpAsync(Anonymous, meeting, SignUpBody(name: "Liu Xiaochen_%", hospitalId: hospital)));
        await SignUpAsync(meeting);

        var byName = await ListAllAsync(meeting, "&q=" + Uri.EscapeDataString("xiaochen_%"));
        var byHospital = await ListAllAsync(meeting, $"&hospitalId={hospital}");
        var wildcardOnly = await ListAllAsync(meeting, "&q=" + Uri.EscapeDataString("%"));

        Assert.That(byName.Select(Id), Is.EqualTo(new[] { Id(wanted) }));
        Assert.That(byHospital.Select(Id), Is.EqualTo(new[] { Id(wanted) }));
        Assert.That(wildcardOnly.Select(Id), Is.EqualTo(new[] { Id(wanted) }), "% is matched literally");
    }

    [Test]
    public async Task List_WhenPaged_VisitsEveryRegistrationOnce()
    {
        var meeting = await CreateOpenMeetingAsync();
        var created = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(Id(await SignUpAsync(meeting)));
        }

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await Json(await Organiser.GetAsync($"/meetings/{meeting}/registrations?limit=2" + (cursor is null ? "" : $"&cursor={cursor}")));
            seen.AddRange(page["items"]!.AsArray().Select(i => Id(i!)));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        Assert.That(seen, Is.EqualTo(created));
    }

    [Test]
    public async Task List_AsIntegration_SeesOnlyOwnOrHospitalRegistrations()
    {
        var meeting = await CreateOpenMeetingAsync();
        var hospital = await CreateHospitalAsync();
        using var integration = await ClientForRoleAsync("integration", hospital);
        var mine = await SignUpAsync(meeting, client: integration);
        var ofMyHospital = await Json(await PostSignUpAsync(Anonymous, meeting, SignUpBody(hospitalId: hospital)));
        await SignUpAsync(meeting);

        var response = await integration.GetAsync($"/meetings/{meeting}/registrations");

        await Expect(response, HttpStatusCode.OK);
        var items = (await Json(response))["items"]!.AsArray().Select(i => Id(i!)).ToList();
        Assert.That(items, Is.EquivalentTo(new[] { Id(mine), Id(ofMyHospital) }));
        Assert.That(mine["manageToken"], Is.Not.Null);
        Assert.That(mine["email"], Is.Not.Null, "an integration gets back the data it sent");
    }

    [Test]
    public async Task List_WithoutKey_Returns401AndWithCheckInKey_Returns403()
    {
        var meeting = await CreateOpenMeetingAsync();
        using var checkIn = await ClientForRoleAsync("check_in");

        await ExpectProblem(await Anonymous.GetAsync($"/meetings/{meeting}/registrations"), HttpStatusCode.Unauthorized, "unauthorized");
        await ExpectProblem(await checkIn.GetAsync($"/meetings/{meeting}/registrations"), HttpStatusCode.Forbidden, "forbidden");
        await ExpectProblem(await Organiser.GetAsync($"/meetings/{Guid.NewGuid()}/registrations"), HttpStatusCode.NotFound, "not_found");
    }

    [Test]
    public async Task Summary_CountsByModeAndStatus()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 2, online: null);
        var a = await SignUpAsync(meeting);
        await SignUpAsync(meeting);
        await SignUpAsync(meeting);
        await SignUpAsync(meeting, "online");
        await Expect(await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(await SignUpAsync(meeting, "online"))}/cancel",
            null), HttpStatusCode.Unauthorized);
        using var checkIn = await ClientForRoleAsync("check_in");
        await Expect(await checkIn.PostAsJsonAsync($"/meetings/{meeting}/check-ins", new { code = a["checkInCode"]!.GetValue<string>() }), HttpStatusCode.OK);

        var response = await Organiser.GetAsync($"/meetings/{meeting}/registrations/summary");

        await Expect(response, HttpStatusCode.OK);
        var body = await Json(response);
        Assert.Multiple(() =>
        {
            Assert.That(body["inPerson"]!["capacity"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(body["inPerson"]!["confirmed"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(body["inPerson"]!["waitlisted"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(body["inPerson"]!["checkedIn"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(body["inPerson"]!["available"]!.GetValue<int>(), Is.EqualTo(0));
            Assert.That(body["online"]!["capacity"], Is.Null);
            Assert.That(body["online"]!["confirmed"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(body["online"]!["available"], Is.Null);
        });
    }

    [Test]
    public async Task Summary_AsIntegration_Returns403()
    {
        var meeting = await CreateOpenMeetingAsync();
        using var integration = await ClientForRoleAsync("integration", await CreateHospitalAsync());

        await ExpectProblem(await integration.GetAsync($"/meetings/{meeting}/registrations/summary"), HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task Export_AsCsv_HasBomQuotingAndNeutralisedFormulas()
    {
        var meeting = await CreateOpenMeetingAsync();
        var tricky = SignUpBody(name: "=HYPERLINK(\"http://evil\")");
        tricky["hospitalName"] = "Xi'an, \"First\" Hospital";
        tricky["jobTitle"] = "@SUM(A1)";
        tricky["specialty"] = "-2+3";
        await Expect(await PostSignUpAsync(Anonymous, meeting, tricky), HttpStatusCode.Created);
        var chinese = SignUpBody(name: "刘学民");
        await Expect(await PostSignUpAsync(Anonymous, meeting, chinese), HttpStatusCode.Created);

        var byQuery = await Organiser.GetAsync($"/meetings/{meeting}/registrations?format=csv");
        var request = new HttpRequestMessage(HttpMethod.Get, $"/meetings/{meeting}/registrations");
        request.Headers.Accept.ParseAdd("text/csv");
        var byAccept = await Organiser.SendAsync(request);

        await Expect(byQuery, HttpStatusCode.OK);
        await Expect(byAccept, HttpStatusCode.OK);
        var bytes = await byQuery.Content.ReadAsByteArrayAsync();
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(async () =>
        {
            Assert.That(byQuery.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/csv"));
            Assert.That(bytes.Take(3), Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }));
            Assert.That(lines, Has.Length.EqualTo(3));
            Assert.That(lines[0], Does.StartWith("id,seq,full_name,email,phone"));
            Assert.That(lines[1], Does.Contain(",\"'=HYPERLINK(\"\"http://evil\"\")\","));
            Assert.That(lines[1], Does.Contain(",\"Xi'an, \"\"First\"\" Hospital\","));
            Assert.That(lines[1], Does.Contain(",'@SUM(A1),'-2+3,"));
            Assert.That(lines[1], Does.Contain(tricky["email"]!.GetValue<string>()));
            Assert.That(lines[2], Does.Contain(",刘学民,"));
            Assert.That(await byAccept.Content.ReadAsByteArrayAsync(), Is.EqualTo(bytes));
        });
    }

    [Test]
    public async Task Export_AsIntegration_IsScoped()
    {
        var meeting = await CreateOpenMeetingAsync();
        using var integration = await ClientForRoleAsync("integration", await CreateHospitalAsync());
        var mine = await SignUpAsync(meeting, client: integration);
        var other = await SignUpAsync(meeting);

        var text = await (await integration.GetAsync($"/meetings/{meeting}/registrations?format=csv")).Content.ReadAsStringAsync();

        Assert.That(text, Does.Contain(Id(mine).ToString()));
        Assert.That(text, Does.Not.Contain(Id(other).ToString()));
    }

    [Test]
    public async Task List_WhenModeUnknown_Returns400NamingTheField()
    {
        var meeting = await CreateOpenMeetingAsync();

        var problem = await ExpectProblem(await Organiser.GetAsync($"/meetings/{meeting}/registrations?mode=hologram"), HttpStatusCode.BadRequest, "validation_failed");

        Assert.That(problem["errors"]!["mode"], Is.Not.Null);
    }

    [Test]
    public async Task List_WhenFormatUnknown_Returns400()
    {
        var meeting = await CreateOpenMeetingAsync();

        await ExpectProblem(await Organiser.GetAsync($"/meetings/{meeting}/registrations?format=xlsx"), HttpStatusCode.BadRequest, "validation_failed");
    }
}
