using System.Net.Http.Headers;
using EventScheduler.Api.Features.Programme;
using Microsoft.Extensions.DependencyInjection;

namespace EventScheduler.Tests.Api.Coherence;

/// <summary>Issue 15: what one instance changes, the other instance on the same database honours within a second.</summary>
[TestFixtureSource(typeof(StorageProviders), nameof(StorageProviders.Both))]
public sealed class CrossInstanceTests : TwoInstancesTestBase
{
    public CrossInstanceTests(string provider)
        : base(provider)
    {
    }

    [Test]
    public async Task ApiKey_WhenRevokedOnA_IsRefusedOnBWithinASecond()
    {
        var created = await Json(await Admin.PostAsJsonAsync("/api-keys", new { name = Unique("Temp"), role = "organiser" }));
        using var onB = FactoryB.ClientWithKey(created["key"]!.GetValue<string>());
        // B has the key in its cache.
        await Expect(await onB.GetAsync("/hospitals"), HttpStatusCode.OK);

        await Expect(await Admin.DeleteAsync($"/api-keys/{created["id"]}"), HttpStatusCode.NoContent);

        Assert.That(await EventuallyAsync(async () => (await onB.GetAsync("/hospitals")).StatusCode == HttpStatusCode.Unauthorized), Is.True,
            "the revoked key still works on the other instance");
        await ExpectProblem(await onB.PostAsJsonAsync("/hospitals", new { name = Unique("Hospital"), city = "Xi'an", province = "Shaanxi", allianceRole = "member" }),
            HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Test]
    public async Task Programme_WhenMeetingCancelledOnA_ShowsCancelledOnBWithinASecond()
    {
        var m = await NewMeetingAsync(publish: true);
        await CreateSlotAsync(m.Id, Lecture(m, 0, 30));
        // B serves the programme from its cache from now on.
        Assert.That((await Json(await AnonymousB.GetAsync($"/meetings/{m.Id}/programme")))["status"]!.GetValue<string>(), Is.EqualTo("published"));
        Assert.That((await Json(await AnonymousB.GetAsync($"/meetings/{m.Id}/programme")))["status"]!.GetValue<string>(), Is.EqualTo("published"));

        await Expect(await Organiser.PostAsJsonAsync($"/meetings/{m.Id}/cancel", new { reason = "Typhoon warning" }), HttpStatusCode.OK);

        Assert.That(await EventuallyAsync(async () =>
                (await Json(await AnonymousB.GetAsync($"/meetings/{m.Id}/programme")))["status"]!.GetValue<string>() == "cancelled"), Is.True,
            "the other instance still serves the published programme");
    }

    [Test]
    public async Task LiveFeed_WhenStatusChangedOnA_ReachesListenerOnB()
    {
        var m = await NewMeetingAsync(publish: true);
        var slot = await CreateSlotAsync(m.Id, Lecture(m, 0, 30));
        var request = new HttpRequestMessage(HttpMethod.Get, $"/meetings/{m.Id}/live");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await AnonymousB.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await Expect(response, HttpStatusCode.OK);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var hubB = FactoryB.Services.GetRequiredService<LiveFeedHub>();
        Assert.That(await EventuallyAsync(() => Task.FromResult(hubB.ListenerCount(m.Id) == 1)), Is.True);

        await Expect(await SetStatusAsync(m.Id, slot, "live", note: "On air"), HttpStatusCode.OK);

        using var timeout = new CancellationTokenSource(Within);
        string? data = null;
        while (data is null)
        {
            var line = await reader.ReadLineAsync(timeout.Token) ?? throw new AssertionException("Stream ended");
            data = line.StartsWith("data: ", StringComparison.Ordinal) ? line[6..] : null;
        }

        var body = JsonNode.Parse(data)!;
        Assert.Multiple(() =>
        {
            Assert.That(body["slotId"]!.GetValue<Guid>(), Is.EqualTo(slot));
            Assert.That(body["to"]!.GetValue<string>(), Is.EqualTo("live"));
            Assert.That(body["note"]!.GetValue<string>(), Is.EqualTo("On air"));
        });
    }
}
