namespace EventScheduler.Tests.Api.Integration;

public sealed class ChangesTests : IntegrationTestBase
{
    private async Task<JsonNode> FeedAsync(HttpClient client, string query = "")
    {
        var response = await client.GetAsync("/changes" + query);
        await Expect(response, HttpStatusCode.OK);
        return await Json(response);
    }

    /// <summary>Reads the feed from <paramref name="after"/> to its end, following cursors.</summary>
    private async Task<List<JsonNode>> ReadAllAsync(HttpClient client, string after = "0", int limit = 200)
    {
        var items = new List<JsonNode>();
        while (true)
        {
            var page = await FeedAsync(client, $"?after={after}&limit={limit}");
            items.AddRange(page["items"]!.AsArray().Select(i => i!));
            after = page["nextCursor"]!.GetValue<string>();
            if (!page["hasMore"]!.GetValue<bool>())
            {
                return items;
            }
        }
    }

    [Test]
    public async Task List_AsOrganiser_ReturnsEveryChangeInCommitOrderWithIdTypeAndVersion()
    {
        var draft = (await CreateMeetingAsync())["id"]!.GetValue<Guid>();
        await Expect(await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{draft}", new { title = Unique("Edited") }), HttpStatusCode.OK);
        await Expect(await Organiser.PostAsync($"/meetings/{draft}/publish", null), HttpStatusCode.OK);

        var all = await ReadAllAsync(Organiser, "0");
        var mine = all.Where(i => i["entityId"]!.GetValue<string>() == draft.ToString()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(mine.Select(i => i["type"]!.GetValue<string>()), Is.EqualTo(new[] { "meeting.created", "meeting.updated", "meeting.published" }));
            Assert.That(mine.Select(i => i["version"]!.GetValue<int>()), Is.EqualTo(new[] { 1, 2, 3 }));
            Assert.That(mine.All(i => i["entity"]!.GetValue<string>() == "meeting"), Is.True);
            Assert.That(mine[0]["data"]!["stream"], Is.Null, "snapshots are the public view");
            Assert.That(all.Select(i => i["seq"]!.GetValue<long>()), Is.Ordered.Ascending);
            Assert.That(all.Select(i => i["id"]!.GetValue<string>()), Is.Unique);
            Assert.That(all.All(i => i["id"]!.GetValue<string>() == "evt_" + i["seq"]), Is.True);
        });
    }

    [Test]
    public async Task List_WhenPaged_ReturnsEachChangeExactlyOnce()
    {
        for (var i = 0; i < 3; i++)
        {
            await CreateHospitalAsync();
        }

        var whole = await ReadAllAsync(Organiser, "0", 200);
        var paged = await ReadAllAsync(Organiser, "0", 2);

        Assert.That(paged.Select(i => i["seq"]!.GetValue<long>()), Is.EqualTo(whole.Select(i => i["seq"]!.GetValue<long>())));
    }

    [Test]
    public async Task List_WhenCaughtUp_ReturnsThePositionToPollFrom()
    {
        var end = await ReadAllAsync(Organiser);
        var caughtUp = await FeedAsync(Organiser, $"?after={end[^1]["seq"]}");
        var cursor = caughtUp["nextCursor"]!.GetValue<string>();
        var hospital = await CreateHospitalAsync();

        var next = await FeedAsync(Organiser, $"?after={cursor}");

        Assert.Multiple(() =>
        {
            Assert.That(caughtUp["items"]!.AsArray(), Is.Empty);
            Assert.That(caughtUp["hasMore"]!.GetValue<bool>(), Is.False);
            Assert.That(cursor, Is.EqualTo(end[^1]["seq"]!.ToString()));
            Assert.That(next["items"]!.AsArray().Select(i => i!["entityId"]!.GetValue<string>()), Is.EqualTo(new[] { hospital.ToString() }));
        });
    }

    [Test]
    public async Task List_AsIntegration_HidesDraftsUntilPublished()
    {
        var hospital = await CreateHospitalAsync();
        using var integration = await ClientForRoleAsync("integration", hospital);
        var meeting = (await CreateMeetingAsync())["id"]!.GetValue<Guid>();
        await Expect(await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{meeting}", new { title = Unique("Draft edit") }), HttpStatusCode.OK);
        var draftOnly = (await CreateMeetingAsync())["id"]!.GetValue<Guid>();
        await Expect(await Organiser.DeleteAsync($"/meetings/{draftOnly}"), HttpStatusCode.NoContent);
        await Expect(await Organiser.PostAsync($"/meetings/{meeting}/publish", null), HttpStatusCode.OK);
        await Expect(await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{meeting}", new { title = Unique("Published edit") }), HttpStatusCode.OK);

        var seen = await ReadAllAsync(integration);

        Assert.Multiple(() =>
        {
            Assert.That(seen.Where(i => i["entityId"]!.GetValue<string>() == meeting.ToString()).Select(i => i["type"]!.GetValue<string>()),
                Is.EqualTo(new[] { "meeting.published", "meeting.updated" }));
            Assert.That(seen.Where(i => i["entityId"]!.GetValue<string>() == draftOnly.ToString()), Is.Empty);
            Assert.That(seen.Any(i => i["type"]!.GetValue<string>() == "hospital.created"), Is.True, "reference data is visible");
        });
    }

    [Test]
    public async Task List_AsIntegration_ShowsOnlyItsOwnHospitalsAttendees()
    {
        var hospitalA = await CreateHospitalAsync();
        var hospitalB = await CreateHospitalAsync();
        using var keyA = await ClientForRoleAsync("integration", hospitalA);
        var meeting = await CreatePublishedMeetingAsync();
        var marker = Unique("m");
        await RecordChangeAsync("registration.created", meeting, hospitalA, new { attendee = "A", marker });
        await RecordChangeAsync("registration.created", meeting, hospitalB, new { attendee = "B", marker });
        await RecordChangeAsync("registration.created", meeting, null, new { attendee = "none", marker });
        await RecordChangeAsync("registration.cancelled", meeting, hospitalA, new { attendee = "A", marker });

        var asA = (await ReadAllAsync(keyA)).Where(i => i["data"]!["marker"]?.GetValue<string>() == marker).ToList();
        var asOrganiser = (await ReadAllAsync(Organiser)).Where(i => i["data"]!["marker"]?.GetValue<string>() == marker).ToList();
        var onlyRegistrations = await FeedAsync(keyA, "?entity=registration&limit=200");

        Assert.Multiple(() =>
        {
            Assert.That(asA.Select(i => (i["type"]!.GetValue<string>(), i["data"]!["attendee"]!.GetValue<string>())),
                Is.EqualTo(new[] { ("registration.created", "A"), ("registration.cancelled", "A") }));
            Assert.That(asA.All(i => i["hospitalId"]!.GetValue<Guid>() == hospitalA), Is.True);
            Assert.That(asOrganiser, Has.Count.EqualTo(4));
            Assert.That(onlyRegistrations["items"]!.AsArray().All(i => i!["entity"]!.GetValue<string>() == "registration"
                && i["hospitalId"]!.GetValue<Guid>() == hospitalA), Is.True);
        });
    }

    [Test]
    public async Task List_WithWrongCaller_Returns401Or403()
    {
        using var checkIn = await ClientForRoleAsync("check_in");
        Assert.Multiple(async () =>
        {
            await ExpectProblem(await Anonymous.GetAsync("/changes"), HttpStatusCode.Unauthorized, "unauthorized");
            await ExpectProblem(await checkIn.GetAsync("/changes"), HttpStatusCode.Forbidden, "forbidden");
        });
    }

    [TestCase("abc")]
    [TestCase("-1")]
    [TestCase("1.5")]
    public async Task List_WhenAfterInvalid_Returns400(string after)
    {
        var problem = await ExpectProblem(await Organiser.GetAsync($"/changes?after={after}"), HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!["after"], Is.Not.Null);
    }
}
