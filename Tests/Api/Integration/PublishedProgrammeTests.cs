using EventScheduler.Api.Storage;

namespace EventScheduler.Tests.Api.Integration;

/// <summary>A draft's changes are private, so publishing a meeting sends its programme as it stands:
/// meeting.published, then one slot.published per slot in programme order, in the same commit.</summary>
public sealed class PublishedProgrammeTests : IntegrationTestBase
{
    private sealed record Draft(Guid Meeting, Guid Hospital, Guid Early, Guid Late, Guid Removed);

    /// <summary>A draft with three slots planned out of order: the late one first, then the early one (edited
    /// afterwards), and one removed again; none of it visible to integrations.</summary>
    private async Task<Draft> DraftWithProgrammeAsync()
    {
        var hospital = await CreateHospitalAsync();
        var body = MeetingBody(hospital);
        var meeting = (await CreateMeetingAsync(body))["id"]!.GetValue<Guid>();
        var start = DateTimeOffset.Parse(body["startsAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var late = await CreateSlotAsync(meeting, Lecture(start, 180, 240, "Afternoon lecture"));
        var early = await CreateSlotAsync(meeting, Lecture(start, 0, 60, "Opening lecture"));
        var removed = await CreateSlotAsync(meeting, Lecture(start, 300, 330, "Dropped lecture"));
        await Expect(await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{meeting}/slots/{early}", new { title = "Opening lecture (revised)" }),
            HttpStatusCode.OK);
        await Expect(await Organiser.DeleteAsync($"/meetings/{meeting}/slots/{removed}"), HttpStatusCode.NoContent);
        return new Draft(meeting, hospital, early, late, removed);
    }

    private static JsonObject Lecture(DateTimeOffset meetingStart, int from, int to, string title) => new()
    {
        ["kind"] = "lecture",
        ["title"] = title,
        ["startsAt"] = meetingStart.AddMinutes(from).ToString("O"),
        ["endsAt"] = meetingStart.AddMinutes(to).ToString("O"),
    };

    private async Task<Guid> CreateSlotAsync(Guid meeting, JsonObject body)
    {
        var response = await Organiser.PostAsJsonAsync($"/meetings/{meeting}/slots", body);
        await Expect(response, HttpStatusCode.Created);
        return (await Json(response))["id"]!.GetValue<Guid>();
    }

    private async Task<List<JsonNode>> FeedAsync(HttpClient client)
    {
        var items = new List<JsonNode>();
        var after = "0";
        while (true)
        {
            var response = await client.GetAsync($"/changes?after={after}&limit=200");
            await Expect(response, HttpStatusCode.OK);
            var page = await Json(response);
            items.AddRange(page["items"]!.AsArray().Select(i => i!));
            after = page["nextCursor"]!.GetValue<string>();
            if (!page["hasMore"]!.GetValue<bool>())
            {
                return items;
            }
        }
    }

    private async Task<JsonArray> PublicSlotsAsync(Guid meeting)
    {
        var response = await Anonymous.GetAsync($"/meetings/{meeting}/programme");
        await Expect(response, HttpStatusCode.OK);
        return (await Json(response))["slots"]!.AsArray();
    }

    /// <summary>What an integrator keeps: the slots of the meeting, applied from events in seq order.</summary>
    private static Dictionary<string, JsonNode> Mirror(IEnumerable<JsonNode> events)
    {
        var slots = new Dictionary<string, JsonNode>();
        foreach (var e in events.OrderBy(e => e["seq"]!.GetValue<long>()))
        {
            var type = e["type"]!.GetValue<string>();
            var id = e["entityId"]!.GetValue<string>();
            if (type is "slot.created" or "slot.updated" or "slot.published" or "slot.status_changed")
            {
                slots[id] = e["data"]!;
            }
            else if (type == "slot.deleted")
            {
                slots.Remove(id);
            }
        }

        return slots;
    }

    [Test]
    public async Task Publish_WhenSlotsWerePlannedAsDraft_IntegrationFeedListsThemAfterMeetingPublishedInProgrammeOrder()
    {
        var draft = await DraftWithProgrammeAsync();
        using var integration = await ClientForRoleAsync("integration", draft.Hospital);
        var before = (await FeedAsync(integration)).Where(i => i["meetingId"]?.GetValue<string>() == draft.Meeting.ToString()).ToList();

        await Expect(await Organiser.PostAsync($"/meetings/{draft.Meeting}/publish", null), HttpStatusCode.OK);

        var seen = (await FeedAsync(integration)).Where(i => i["meetingId"]?.GetValue<string>() == draft.Meeting.ToString()).ToList();
        var slots = await PublicSlotsAsync(draft.Meeting);
        Assert.Multiple(() =>
        {
            Assert.That(before, Is.Empty, "the draft's changes are private");
            Assert.That(seen.Select(i => i["type"]!.GetValue<string>()), Is.EqualTo(new[] { "meeting.published", "slot.published", "slot.published" }));
            Assert.That(seen.Select(i => i["entityId"]!.GetValue<string>()),
                Is.EqualTo(new[] { draft.Meeting.ToString(), draft.Early.ToString(), draft.Late.ToString() }), "programme order, not planning order");
            Assert.That(seen.Select(i => i["seq"]!.GetValue<long>()), Is.Ordered.Ascending);
            Assert.That(seen[1]["data"]!["title"]!.GetValue<string>(), Is.EqualTo("Opening lecture (revised)"), "the slot as it stands");
            Assert.That(seen[1]["version"]!.GetValue<int>(), Is.EqualTo(slots[0]!["version"]!.GetValue<int>()));
            Assert.That(seen[1]["data"]!.ToJsonString(), Is.EqualTo(slots[0]!.ToJsonString()), "the data is the public programme's slot");
            Assert.That(seen.Any(i => i["entityId"]!.GetValue<string>() == draft.Removed.ToString()), Is.False, "a slot removed in the draft never appears");
        });
    }

    [Test]
    public async Task Publish_WhenSlotsWerePlannedAsDraft_WebhookMirrorHasTheProgramme()
    {
        var draft = await DraftWithProgrammeAsync();
        var path = NewPath();
        await SubscribeAsync(path, ["meeting.*", "slot.*"], draft.Hospital);

        await Expect(await Organiser.PostAsync($"/meetings/{draft.Meeting}/publish", null), HttpStatusCode.OK);
        var start = DateTimeOffset.Parse((await Json(await Anonymous.GetAsync($"/meetings/{draft.Meeting}")))["startsAt"]!.GetValue<string>(),
            System.Globalization.CultureInfo.InvariantCulture);
        var added = await CreateSlotAsync(draft.Meeting, Lecture(start, 400, 420, "Closing remarks"));

        var got = await Receiver.WaitForAsync(path, r => r.Select(x => x.Id).Distinct().Count() >= 4);
        var events = got.GroupBy(g => g.Id).Select(g => g.First().Json).ToList();
        var mirror = Mirror(events);
        var programme = await PublicSlotsAsync(draft.Meeting);
        Assert.Multiple(() =>
        {
            Assert.That(events.OrderBy(e => e["seq"]!.GetValue<long>()).Select(e => e["type"]!.GetValue<string>()),
                Is.EqualTo(new[] { "meeting.published", "slot.published", "slot.published", "slot.created" }));
            Assert.That(mirror.Keys, Is.EquivalentTo(new[] { draft.Early.ToString(), draft.Late.ToString(), added.ToString() }));
            Assert.That(programme.Select(s => mirror[s!["id"]!.GetValue<string>()].ToJsonString()), Is.EqualTo(programme.Select(s => s!.ToJsonString())),
                "the mirror equals the public programme");
        });
    }

    [Test]
    public async Task Publish_WhenProgrammeIsEmpty_SendsMeetingPublishedAlone()
    {
        var hospital = await CreateHospitalAsync();
        using var integration = await ClientForRoleAsync("integration", hospital);
        var meeting = await CreatePublishedMeetingAsync(MeetingBody(hospital));

        var seen = (await FeedAsync(integration)).Where(i => i["meetingId"]?.GetValue<string>() == meeting.ToString());

        Assert.That(seen.Select(i => i["type"]!.GetValue<string>()), Is.EqualTo(new[] { "meeting.published" }));
    }

    [Test]
    public async Task Publish_WhenRefused_RecordsNoProgramme()
    {
        var draft = await DraftWithProgrammeAsync();
        var before = (await FeedAsync(Organiser)).Count(i => i["meetingId"]?.GetValue<string>() == draft.Meeting.ToString());
        Factory.Clock.Advance(TimeSpan.FromDays(31)); // the meeting has started: too late to publish

        await ExpectProblem(await Organiser.PostAsync($"/meetings/{draft.Meeting}/publish", null), HttpStatusCode.Conflict, "meeting_starts_in_past");

        var after = (await FeedAsync(Organiser)).Where(i => i["meetingId"]?.GetValue<string>() == draft.Meeting.ToString()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(after, Has.Count.EqualTo(before), "nothing recorded");
            Assert.That(after.Select(i => i["type"]!.GetValue<string>()), Has.None.EqualTo(ChangeTypes.SlotPublished));
        });
    }

    [Test]
    public async Task Publish_AsOrganiser_FeedKeepsTheDraftHistoryAndAddsThePublishedProgramme()
    {
        var draft = await DraftWithProgrammeAsync();

        await Expect(await Organiser.PostAsync($"/meetings/{draft.Meeting}/publish", null), HttpStatusCode.OK);

        var types = (await FeedAsync(Organiser)).Where(i => i["meetingId"]?.GetValue<string>() == draft.Meeting.ToString())
            .Select(i => i["type"]!.GetValue<string>());
        Assert.That(types, Is.EqualTo(new[]
        {
            "meeting.created", "slot.created", "slot.created", "slot.created", "slot.updated", "slot.deleted",
            "meeting.published", "slot.published", "slot.published",
        }));
    }
}
