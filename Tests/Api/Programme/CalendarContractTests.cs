using Ical.Net;

namespace EventScheduler.Tests.Api.Programme;

/// <summary>What a subscribed calendar app needs: the meeting's zone, quiet SEQUENCEs, cheap polling, and a
/// feed per series.</summary>
public sealed class CalendarContractTests : ProgrammeTestBase
{
    private static Calendar Parse(string text) => Calendar.Load(text) ?? throw new AssertionException("Calendar did not parse");

    private async Task<Calendar> CalendarAsync(Guid meetingId)
    {
        var response = await Anonymous.GetAsync($"/meetings/{meetingId}/calendar.ics");
        await Expect(response, HttpStatusCode.OK);
        return Parse(await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Calendar_GivesTimesInTheMeetingsZoneWithItsVTimeZone()
    {
        var m = await NewMeetingAsync(publish: true);
        var response = await Anonymous.GetAsync($"/meetings/{m.Id}/calendar.ics");
        var text = await response.Content.ReadAsStringAsync();

        var calendar = Parse(text);
        var meeting = calendar.Events.Single(e => e.Uid == $"meeting-{m.Id}@eventscheduler");
        Assert.Multiple(() =>
        {
            Assert.That(meeting.DtStart!.TzId, Is.EqualTo("Asia/Shanghai"));
            Assert.That(meeting.DtStart.AsUtc, Is.EqualTo(m.StartsAt.UtcDateTime));
            Assert.That(calendar.TimeZones.Select(z => z.TzId), Is.EqualTo(new[] { "Asia/Shanghai" }));
            Assert.That(text, Does.Contain("X-WR-TIMEZONE:Asia/Shanghai").And.Contain("TZOFFSETTO:+0800"));
        });
    }

    [Test]
    public async Task Calendar_WhenOnlyTheLiveStatusChanges_KeepsTheSequence()
    {
        var m = await NewMeetingAsync(publish: true);
        var slot = await CreateSlotAsync(m.Id, Lecture(m, 0, 60));
        var uid = $"slot-{slot}@eventscheduler";
        var before = (await CalendarAsync(m.Id)).Events.Single(e => e.Uid == uid).Sequence;

        await Expect(await SetStatusAsync(m.Id, slot, "delayed", At(m, 10)), HttpStatusCode.OK);
        await Expect(await SetStatusAsync(m.Id, slot, "live"), HttpStatusCode.OK);
        var during = (await CalendarAsync(m.Id)).Events.Single(e => e.Uid == uid).Sequence;
        await Expect(await SetStatusAsync(m.Id, slot, "cancelled"), HttpStatusCode.OK);
        var cancelled = (await CalendarAsync(m.Id)).Events.Single(e => e.Uid == uid).Sequence;

        Assert.Multiple(() =>
        {
            Assert.That(during, Is.EqualTo(before), "delayed and live are not new invitations");
            Assert.That(cancelled, Is.GreaterThan(before), "a cancellation is");
        });
    }

    private async Task<int> MeetingSequenceAsync(Guid meetingId) =>
        (await CalendarAsync(meetingId)).Events.Single(e => e.Uid == $"meeting-{meetingId}@eventscheduler").Sequence;

    [Test]
    public async Task Calendar_WhenOnlyTheTitleOrCapacityChanges_KeepsTheMeetingSequence()
    {
        var m = await NewMeetingAsync(publish: true);
        var before = await MeetingSequenceAsync(m.Id);

        await Expect(await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{m.Id}", new { title = "Renamed meeting", inPersonCapacity = 300 }),
            HttpStatusCode.OK);

        Assert.That(await MeetingSequenceAsync(m.Id), Is.EqualTo(before), "a new title is not a new invitation");
    }

    [Test]
    public async Task Calendar_WhenTheMeetingMovesOrIsCancelled_RaisesTheMeetingSequenceOnceEach()
    {
        var m = await NewMeetingAsync(publish: true);
        var before = await MeetingSequenceAsync(m.Id);

        await Expect(await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{m.Id}",
            new { startsAt = At(m, -60) }), HttpStatusCode.OK);
        var moved = await MeetingSequenceAsync(m.Id);
        await Expect(await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{m.Id}", new { venue = new { name = "Hall B", address = "Second floor" } }),
            HttpStatusCode.OK);
        var relocated = await MeetingSequenceAsync(m.Id);
        await Expect(await Organiser.PostAsJsonAsync($"/meetings/{m.Id}/cancel", new { reason = "Typhoon warning" }), HttpStatusCode.OK);
        var cancelled = await MeetingSequenceAsync(m.Id);

        Assert.Multiple(() =>
        {
            Assert.That(moved, Is.EqualTo(before + 1), "time");
            Assert.That(relocated, Is.EqualTo(moved + 1), "place");
            Assert.That(cancelled, Is.EqualTo(relocated + 1), "status");
        });
    }

    [Test]
    public async Task Calendar_WhenUnchanged_Answers304ToIfNoneMatch()
    {
        var m = await NewMeetingAsync(publish: true);
        var first = await Anonymous.GetAsync($"/meetings/{m.Id}/calendar.ics");
        await Expect(first, HttpStatusCode.OK);
        using var again = new HttpRequestMessage(HttpMethod.Get, $"/meetings/{m.Id}/calendar.ics");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        var unchanged = await Anonymous.SendAsync(again);

        Assert.Multiple(() =>
        {
            Assert.That(first.Content.Headers.LastModified, Is.Not.Null);
            Assert.That(unchanged.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        });
    }

    [Test]
    public async Task Calendar_WhenChangedSinceTheETag_Answers200WithANewETag()
    {
        var m = await NewMeetingAsync(publish: true);
        var first = await Anonymous.GetAsync($"/meetings/{m.Id}/calendar.ics");
        await CreateSlotAsync(m.Id, Lecture(m, 0, 60));
        using var again = new HttpRequestMessage(HttpMethod.Get, $"/meetings/{m.Id}/calendar.ics");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        var changed = await Anonymous.SendAsync(again);

        await Expect(changed, HttpStatusCode.OK);
        Assert.That(changed.Headers.ETag, Is.Not.EqualTo(first.Headers.ETag));
    }

    [Test]
    public async Task SeriesCalendar_HasEveryPublishedMeetingOfTheSeriesAndNoDraft()
    {
        var series = Unique("Series");
        var hospital = await CreateHospitalAsync();
        var one = await CreatePublishedMeetingAsync(MeetingBody(hospital, 20, series: series));
        var two = await CreatePublishedMeetingAsync(MeetingBody(hospital, 50, series: series));
        var draft = (await CreateMeetingAsync(MeetingBody(hospital, 80, series: series)))["id"]!.GetValue<Guid>();

        var response = await Anonymous.GetAsync($"/series/{Uri.EscapeDataString(series)}/calendar.ics");

        await Expect(response, HttpStatusCode.OK);
        var uids = Parse(await response.Content.ReadAsStringAsync()).Events.Select(e => e.Uid).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(uids, Does.Contain($"meeting-{one}@eventscheduler").And.Contain($"meeting-{two}@eventscheduler"));
            Assert.That(uids, Does.Not.Contain($"meeting-{draft}@eventscheduler"));
            Assert.That(response.Headers.ETag, Is.Not.Null);
        });
    }

    [Test]
    public async Task SeriesCalendar_OfAnUnknownSeries_Returns404() =>
        await ExpectProblem(await Anonymous.GetAsync("/series/No%20such%20series/calendar.ics"), HttpStatusCode.NotFound, "not_found");
}
