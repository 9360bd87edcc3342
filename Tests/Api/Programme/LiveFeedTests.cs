using System.Net.Http.Headers;
using EventScheduler.Api.Features.Programme;
using Microsoft.Extensions.DependencyInjection;

namespace EventScheduler.Tests.Api.Programme;

public sealed class LiveFeedTests : ProgrammeTestBase
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Live:HeartbeatSeconds"] = "0.3" };

    private sealed record SseEvent(string? Id, string? Type, string? Data);

    /// <summary>Reads one SSE stream: events and comments, in order.</summary>
    private sealed class SseReader(StreamReader reader)
    {
        public List<string> Comments { get; } = [];

        public async Task<SseEvent> NextEventAsync(TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            string? id = null, type = null, data = null;
            while (true)
            {
                var line = await reader.ReadLineAsync(cts.Token) ?? throw new AssertionException("Stream ended");
                if (line.Length == 0)
                {
                    if (data is not null)
                    {
                        return new SseEvent(id, type, data);
                    }

                    continue;
                }

                if (line.StartsWith(':'))
                {
                    Comments.Add(line);
                }
                else if (line.StartsWith("id: ", StringComparison.Ordinal))
                {
                    id = line[4..];
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    type = line[7..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data = line[6..];
                }
            }
        }

        public async Task WaitForCommentAsync(string comment, TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            while (!Comments.Contains(comment))
            {
                var line = await reader.ReadLineAsync(cts.Token) ?? throw new AssertionException("Stream ended");
                if (line.StartsWith(':'))
                {
                    Comments.Add(line);
                }
            }
        }
    }

    private async Task<(HttpResponseMessage Response, SseReader Reader)> OpenAsync(Guid meetingId, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/meetings/{meetingId}/live");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await Anonymous.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await Expect(response, HttpStatusCode.OK);
        return (response, new SseReader(new StreamReader(await response.Content.ReadAsStreamAsync())));
    }

    private async Task WaitForListenersAsync(Guid meetingId, int count)
    {
        var hub = Factory.Services.GetRequiredService<LiveFeedHub>();
        for (var i = 0; i < 200 && hub.ListenerCount(meetingId) < count; i++)
        {
            await Task.Delay(25);
        }

        Assert.That(hub.ListenerCount(meetingId), Is.GreaterThanOrEqualTo(count));
    }

    [Test]
    public async Task Live_WhenStatusChanges_SendsOneEventWithIdAndPublicData()
    {
        var m = await NewMeetingAsync(publish: true);
        var slot = await CreateSlotAsync(m.Id, Case(m, 0, 120, await CreateFacultyAsync(), m.HostHospitalId));
        var (response, sse) = await OpenAsync(m.Id);
        using var _ = response;
        await WaitForListenersAsync(m.Id, 1);

        await Expect(await SetStatusAsync(m.Id, slot, "live", note: "On air"), HttpStatusCode.OK);
        var ev = await sse.NextEventAsync(TimeSpan.FromSeconds(10));

        var data = JsonNode.Parse(ev.Data!)!;
        var history = (await Json(await Organiser.GetAsync($"/meetings/{m.Id}/slots/{slot}")))["statusHistory"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/event-stream"));
            Assert.That(ev.Type, Is.EqualTo("slot.status_changed"));
            Assert.That(ev.Id, Is.EqualTo(history[^1]!["id"]!.ToJsonString()));
            Assert.That(data["slotId"]!.GetValue<Guid>(), Is.EqualTo(slot));
            Assert.That(data["from"]!.GetValue<string>(), Is.EqualTo("scheduled"));
            Assert.That(data["to"]!.GetValue<string>(), Is.EqualTo("live"));
            Assert.That(data["note"]!.GetValue<string>(), Is.EqualTo("On air"));
            Assert.That(data["slot"]!["liveStatus"]!.GetValue<string>(), Is.EqualTo("live"));
            Assert.That(ev.Data, Does.Not.Contain("CF-2021"));
        });
    }

    [Test]
    public async Task Live_WhenReconnectingWithLastEventId_ReplaysOnlyMissedEvents()
    {
        var m = await NewMeetingAsync(publish: true);
        var slot = await CreateSlotAsync(m.Id, Case(m, 0, 120, await CreateFacultyAsync(), m.HostHospitalId));
        await Expect(await SetStatusAsync(m.Id, slot, "delayed", At(m, 10)), HttpStatusCode.OK);
        await Expect(await SetStatusAsync(m.Id, slot, "live"), HttpStatusCode.OK);
        await Expect(await SetStatusAsync(m.Id, slot, "interrupted"), HttpStatusCode.OK);
        var history = (await Json(await Organiser.GetAsync($"/meetings/{m.Id}/slots/{slot}")))["statusHistory"]!.AsArray();

        var (response, sse) = await OpenAsync(m.Id, history[0]!["id"]!.ToJsonString());
        using var _ = response;
        var first = await sse.NextEventAsync(TimeSpan.FromSeconds(10));
        var second = await sse.NextEventAsync(TimeSpan.FromSeconds(10));
        await WaitForListenersAsync(m.Id, 1);
        await Expect(await SetStatusAsync(m.Id, slot, "live"), HttpStatusCode.OK);
        var third = await sse.NextEventAsync(TimeSpan.FromSeconds(10));

        Assert.That(new[] { first, second, third }.Select(e => JsonNode.Parse(e.Data!)!["to"]!.GetValue<string>()),
            Is.EqualTo(new[] { "live", "interrupted", "live" }));
        Assert.That(new[] { first, second, third }.Select(e => long.Parse(e.Id!, System.Globalization.CultureInfo.InvariantCulture)), Is.Ordered.Ascending);
    }

    [Test]
    public async Task Live_WhenAnotherMeetingsSlotChanges_SendsNothing()
    {
        var watched = await NewMeetingAsync(publish: true);
        var other = await NewMeetingAsync(publish: true);
        var otherSlot = await CreateSlotAsync(other.Id, Lecture(other, 0, 30));
        var watchedSlot = await CreateSlotAsync(watched.Id, Lecture(watched, 0, 30));
        var (response, sse) = await OpenAsync(watched.Id);
        using var _ = response;
        await WaitForListenersAsync(watched.Id, 1);

        await Expect(await SetStatusAsync(other.Id, otherSlot, "live"), HttpStatusCode.OK);
        await Expect(await SetStatusAsync(watched.Id, watchedSlot, "live"), HttpStatusCode.OK);
        var ev = await sse.NextEventAsync(TimeSpan.FromSeconds(10));

        Assert.That(JsonNode.Parse(ev.Data!)!["slotId"]!.GetValue<Guid>(), Is.EqualTo(watchedSlot));
    }

    [Test]
    public async Task Live_WhenIdle_SendsHeartbeatComments()
    {
        var m = await NewMeetingAsync(publish: true);
        var (response, sse) = await OpenAsync(m.Id);
        using var _ = response;

        await sse.WaitForCommentAsync(": keep-alive", TimeSpan.FromSeconds(10));

        Assert.That(sse.Comments, Does.Contain(": keep-alive"));
    }

    [Test]
    public async Task Live_WhenManyListeners_EachGetsTheEventAndListenersLeaveOnDisconnect()
    {
        var m = await NewMeetingAsync(publish: true);
        var slot = await CreateSlotAsync(m.Id, Lecture(m, 0, 30));
        var listeners = new List<(HttpResponseMessage Response, SseReader Reader)>();
        for (var i = 0; i < 20; i++)
        {
            listeners.Add(await OpenAsync(m.Id));
        }

        await WaitForListenersAsync(m.Id, 20);
        await Expect(await SetStatusAsync(m.Id, slot, "live"), HttpStatusCode.OK);
        var events = await Task.WhenAll(listeners.Select(l => l.Reader.NextEventAsync(TimeSpan.FromSeconds(10))));
        foreach (var (response, _) in listeners)
        {
            response.Dispose();
        }

        Assert.That(events.Select(e => e.Id).Distinct().Count(), Is.EqualTo(1));
        var hub = Factory.Services.GetRequiredService<LiveFeedHub>();
        for (var i = 0; i < 200 && hub.ListenerCount(m.Id) > 0; i++)
        {
            await Task.Delay(25);
        }

        Assert.That(hub.ListenerCount(m.Id), Is.Zero);
    }

    [Test]
    public async Task Live_WhenDraftOrUnknown_Returns404()
    {
        var draft = await NewMeetingAsync();

        await ExpectProblem(await Anonymous.GetAsync($"/meetings/{draft.Id}/live"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await Anonymous.GetAsync($"/meetings/{Guid.NewGuid()}/live"), HttpStatusCode.NotFound, "not_found");
    }

    [Test]
    public async Task OpenApi_DeclaresEventStreamAndCalendarResponses()
    {
        var doc = await Json(await Anonymous.GetAsync("/swagger/v1/swagger.json"));
        var paths = doc["paths"]!;

        Assert.Multiple(() =>
        {
            Assert.That(paths["/meetings/{id}/live"]!["get"]!["responses"]!["200"]!["content"]!.AsObject().Select(c => c.Key), Does.Contain("text/event-stream"));
            Assert.That(paths["/meetings/{id}/calendar.ics"]!["get"]!["responses"]!["200"]!["content"]!.AsObject().Select(c => c.Key), Does.Contain("text/calendar"));
            Assert.That(paths["/meetings/{id}/live"]!["get"]!["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()), Does.Contain("Last-Event-ID"));
            Assert.That(paths["/meetings/{id}"]!["patch"]!["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()), Does.Contain("shiftSlots"));
            Assert.That(paths["/meetings/{id}/slots/{slotId}/status"]!["post"]!["requestBody"], Is.Not.Null);
            Assert.That(paths["/meetings/{id}/slots"]!["post"]!["description"]!.GetValue<string>(), Does.Contain("No field holds patient identifiers"));
        });
    }
}
