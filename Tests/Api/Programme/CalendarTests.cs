using System.Text;
using Ical.Net;

namespace EventScheduler.Tests.Api.Programme;

public sealed class CalendarTests : ProgrammeTestBase
{
    private async Task<(string Text, byte[] Bytes, HttpResponseMessage Response)> GetCalendarAsync(Guid meetingId, HttpClient? client = null)
    {
        var response = await (client ?? Anonymous).GetAsync($"/meetings/{meetingId}/calendar.ics");
        await Expect(response, HttpStatusCode.OK);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return (Encoding.UTF8.GetString(bytes), bytes, response);
    }

    private static Calendar Parse(string text) => Calendar.Load(text) ?? throw new AssertionException("Calendar did not parse");

    [Test]
    public async Task Calendar_WhenPublished_HasAVEventForTheMeetingAndEachSlot()
    {
        var m = await NewMeetingAsync(publish: true);
        var lecture = await CreateSlotAsync(m.Id, Lecture(m, 180, 210, await CreateFacultyAsync()));
        var @case = await CreateSlotAsync(m.Id, Case(m, 0, 120, await CreateFacultyAsync(), m.HostHospitalId));

        var (text, _, response) = await GetCalendarAsync(m.Id);
        var calendar = Parse(text);

        var events = calendar.Events.ToDictionary(e => e.Uid!);
        Assert.Multiple(() =>
        {
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/calendar"));
            Assert.That(events.Keys, Is.EquivalentTo(new[] { $"meeting-{m.Id}@eventscheduler", $"slot-{@case}@eventscheduler", $"slot-{lecture}@eventscheduler" }));
            Assert.That(events[$"slot-{@case}@eventscheduler"].DtStart!.AsUtc, Is.EqualTo(m.StartsAt.UtcDateTime));
            Assert.That(events[$"slot-{@case}@eventscheduler"].DtEnd!.AsUtc, Is.EqualTo(m.StartsAt.AddMinutes(120).UtcDateTime));
            Assert.That(events[$"meeting-{m.Id}@eventscheduler"].DtStart!.AsUtc, Is.EqualTo(m.StartsAt.UtcDateTime));
            Assert.That(events[$"meeting-{m.Id}@eventscheduler"].Location, Is.EqualTo("Hanzhong 3201 Hospital lecture hall, Hanzhong, Shaanxi"));
            Assert.That(events[$"slot-{@case}@eventscheduler"].Summary, Is.EqualTo("Live case"));
            Assert.That(events[$"slot-{@case}@eventscheduler"].Status, Is.EqualTo("CONFIRMED"));
            Assert.That(text, Does.Not.Contain("CF-2021").And.Not.Contain("live.example.org"));
        });
    }

    [Test]
    public async Task Calendar_WhenTextIsLongChinese_FoldsAt75OctetsWithoutSplittingCharacters()
    {
        var m = await NewMeetingAsync(publish: true);
        var title = "腹腔镜右半肝切除联合门静脉右支取栓、缝合及重建术；" + string.Concat(Enumerable.Repeat("汉中市普外科专业委员会年会", 6)) + " 😀 end";
        var body = Lecture(m, 0, 60);
        body["title"] = title;
        var slot = await CreateSlotAsync(m.Id, body);

        var (text, bytes, _) = await GetCalendarAsync(m.Id);

        var lines = text.Split("\r\n");
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.EndWith("\r\n"));
            Assert.That(text.Replace("\r\n", "", StringComparison.Ordinal), Does.Not.Contain("\n").And.Not.Contain("\r"));
            Assert.That(lines.Select(l => Encoding.UTF8.GetByteCount(l)).Max(), Is.LessThanOrEqualTo(75));
            Assert.That(lines.Count(l => l.StartsWith(' ')), Is.GreaterThan(2));
            Assert.That(text, Does.Not.Contain("\uFFFD"));
            Assert.That(bytes.Length, Is.EqualTo(Encoding.UTF8.GetByteCount(text)));
            Assert.That(Parse(text).Events.Single(e => e.Uid == $"slot-{slot}@eventscheduler").Summary, Is.EqualTo(title));
        });
    }

    [Test]
    public async Task Calendar_WhenTextHasSpecialCharacters_EscapesThemAndRoundTrips()
    {
        var m = await NewMeetingAsync(publish: true);
        var title = "Case review; questions, answers \\ and\nmore";
        var body = Lecture(m, 0, 60);
        body["title"] = title;
        var slot = await CreateSlotAsync(m.Id, body);

        var (text, _, _) = await GetCalendarAsync(m.Id);

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("SUMMARY:Case review\\; questions\\, answers \\\\ and\\nmore"));
            Assert.That(Parse(text).Events.Single(e => e.Uid == $"slot-{slot}@eventscheduler").Summary, Is.EqualTo(title));
        });
    }

    [Test]
    public async Task Calendar_WhenSlotEdited_KeepsUidAndRaisesSequence()
    {
        var m = await NewMeetingAsync(publish: true);
        var slot = await CreateSlotAsync(m.Id, Lecture(m, 0, 60));
        var uid = $"slot-{slot}@eventscheduler";
        var before = Parse((await GetCalendarAsync(m.Id)).Text).Events.Single(e => e.Uid == uid).Sequence;

        await Expect(await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{m.Id}/slots/{slot}", new { endsAt = At(m, 45) }), HttpStatusCode.OK);
        var after = Parse((await GetCalendarAsync(m.Id)).Text).Events.Single(e => e.Uid == uid);

        Assert.Multiple(() =>
        {
            Assert.That(after.Sequence, Is.GreaterThan(before));
            Assert.That(after.DtEnd!.AsUtc, Is.EqualTo(m.StartsAt.AddMinutes(45).UtcDateTime));
        });
    }

    [Test]
    public async Task Calendar_WhenMeetingCancelled_MarksEveryEventCancelled()
    {
        var m = await NewMeetingAsync(publish: true);
        await CreateSlotAsync(m.Id, Lecture(m, 0, 60));
        await Expect(await Organiser.PostAsJsonAsync($"/meetings/{m.Id}/cancel", new { reason = "Typhoon" }), HttpStatusCode.OK);

        var calendar = Parse((await GetCalendarAsync(m.Id)).Text);

        Assert.That(calendar.Events.Select(e => e.Status), Is.EqualTo(new[] { "CANCELLED", "CANCELLED" }));
    }

    [Test]
    public async Task Calendar_WhenSlotCancelled_MarksOnlyThatSlotCancelled()
    {
        var m = await NewMeetingAsync(publish: true);
        var cancelled = await CreateSlotAsync(m.Id, Lecture(m, 0, 60));
        var kept = await CreateSlotAsync(m.Id, Lecture(m, 60, 90));
        await Expect(await SetStatusAsync(m.Id, cancelled, "cancelled"), HttpStatusCode.OK);

        var events = Parse((await GetCalendarAsync(m.Id)).Text).Events.ToDictionary(e => e.Uid!);

        Assert.Multiple(() =>
        {
            Assert.That(events[$"slot-{cancelled}@eventscheduler"].Status, Is.EqualTo("CANCELLED"));
            Assert.That(events[$"slot-{kept}@eventscheduler"].Status, Is.EqualTo("CONFIRMED"));
            Assert.That(events[$"meeting-{m.Id}@eventscheduler"].Status, Is.EqualTo("CONFIRMED"));
        });
    }

    [Test]
    public async Task Calendar_WhenDraftOrUnknown_Returns404()
    {
        var draft = await NewMeetingAsync();

        await ExpectProblem(await Anonymous.GetAsync($"/meetings/{draft.Id}/calendar.ics"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await Anonymous.GetAsync($"/meetings/{Guid.NewGuid()}/calendar.ics"), HttpStatusCode.NotFound, "not_found");
    }
}
