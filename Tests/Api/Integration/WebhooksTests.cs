using EventScheduler.Api.Integration;
using EventScheduler.Api.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EventScheduler.Tests.Api.Integration;

public sealed class WebhooksTests : IntegrationTestBase
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    [Test]
    public async Task Create_WhenValid_Returns201WithSecretShownOnce()
    {
        var response = await Admin.PostAsJsonAsync("/webhooks", new { url = Receiver.Url + NewPath(), eventTypes = new[] { "meeting.published", "registration.*" } });

        await Expect(response, HttpStatusCode.Created);
        var body = await Json(response);
        var id = body["id"]!.GetValue<string>();
        var get = await Json(await Admin.GetAsync($"/webhooks/{id}"));
        Assert.Multiple(() =>
        {
            Assert.That(body["secret"]!.GetValue<string>(), Does.StartWith("whsec_"));
            Assert.That(Convert.FromBase64String(body["secret"]!.GetValue<string>()["whsec_".Length..]), Has.Length.EqualTo(32));
            Assert.That(body["status"]!.GetValue<string>(), Is.EqualTo("active"));
            Assert.That(response.Headers.Location!.ToString(), Is.EqualTo($"/webhooks/{id}"));
            Assert.That(get["secret"], Is.Null);
            Assert.That(get["eventTypes"]!.AsArray().Select(t => t!.GetValue<string>()), Is.EqualTo(new[] { "meeting.published", "registration.*" }));
        });
    }

    [TestCase("meeting.publish")]
    [TestCase("nonsense.*")]
    [TestCase("")]
    public async Task Create_WhenEventTypeUnknown_Returns400(string type)
    {
        var response = await Admin.PostAsJsonAsync("/webhooks", new { url = Receiver.Url + NewPath(), eventTypes = new[] { type } });

        var problem = await ExpectProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key).Single(), Does.StartWith("eventTypes"));
    }

    [Test]
    public async Task Create_WhenHospitalUnknown_Returns400()
    {
        var response = await Admin.PostAsJsonAsync("/webhooks", new { url = Receiver.Url + NewPath(), eventTypes = new[] { "*" }, hospitalId = Guid.NewGuid() });

        await ExpectProblem(response, HttpStatusCode.BadRequest, "unknown_hospital");
    }

    [Test]
    public async Task Endpoints_WithOrganiserKey_Return403()
    {
        var (id, _) = await SubscribeAsync(NewPath(), ["*"]);
        Assert.Multiple(async () =>
        {
            await ExpectProblem(await Organiser.PostAsJsonAsync("/webhooks", new { url = Receiver.Url, eventTypes = new[] { "*" } }), HttpStatusCode.Forbidden, "forbidden");
            await ExpectProblem(await Organiser.GetAsync("/webhooks"), HttpStatusCode.Forbidden, "forbidden");
            await ExpectProblem(await Organiser.GetAsync($"/webhooks/{id}/deliveries"), HttpStatusCode.Forbidden, "forbidden");
            await ExpectProblem(await Organiser.DeleteAsync($"/webhooks/{id}"), HttpStatusCode.Forbidden, "forbidden");
            await ExpectProblem(await Anonymous.GetAsync("/webhooks"), HttpStatusCode.Unauthorized, "unauthorized");
        });
        using var integration = await ClientForRoleAsync("integration", await CreateHospitalAsync());
        Assert.Multiple(async () =>
        {
            await ExpectProblem(await integration.GetAsync("/webhooks"), HttpStatusCode.Forbidden, "forbidden");
            await ExpectProblem(await integration.GetAsync($"/webhooks/{id}"), HttpStatusCode.Forbidden, "forbidden");
            await ExpectProblem(await integration.PostAsJsonAsync("/webhooks", new { url = Receiver.Url, eventTypes = new[] { "*" } }), HttpStatusCode.Forbidden, "forbidden");
        });
    }

    [Test]
    public async Task UnknownIds_Return404()
    {
        var (id, _) = await SubscribeAsync(NewPath(), ["*"]);
        var missing = Guid.NewGuid();
        Assert.Multiple(async () =>
        {
            await ExpectProblem(await Admin.GetAsync($"/webhooks/{missing}"), HttpStatusCode.NotFound, "not_found");
            await ExpectProblem(await Admin.GetAsync($"/webhooks/{missing}/deliveries"), HttpStatusCode.NotFound, "not_found");
            await ExpectProblem(await Admin.DeleteAsync($"/webhooks/{missing}"), HttpStatusCode.NotFound, "not_found");
            await ExpectProblem(await Admin.PostAsync($"/webhooks/{id}/deliveries/{missing}/redeliver", null), HttpStatusCode.NotFound, "not_found");
            await ExpectProblem(await Admin.PostAsync($"/webhooks/{missing}/deliveries/{missing}/redeliver", null), HttpStatusCode.NotFound, "not_found");
        });
    }

    [Test]
    public async Task Delivery_WhenReceiverFailsThenSucceeds_RetriesSignedWithTheSameId()
    {
        var path = NewPath();
        Receiver.Script(path, 500, 503);
        var (subscription, secret) = await SubscribeAsync(path, ["meeting.*"]);

        var meetingId = await CreatePublishedMeetingAsync();

        var got = await Receiver.WaitForAsync(path, r => r.Any(x => x.Status == 200));
        var log = await WaitForDeliveriesAsync(subscription, d => d.Any(x => x!["status"]!.GetValue<string>() == "succeeded"));
        Assert.Multiple(() =>
        {
            // The draft's meeting.created is private: only the publication is delivered, three times (500, 503, 200).
            Assert.That(got.Select(g => g.Status), Is.EqualTo(new[] { 500, 503, 200 }));
            Assert.That(got.Select(g => g.Id).Distinct().Count(), Is.EqualTo(1), "webhook-id is stable across retries");
            Assert.That(got.All(g => StandardWebhooks.Verify(secret, g, Tolerance)), Is.True, "every attempt is correctly signed");
            Assert.That(got.All(g => g.ContentType == "application/json"), Is.True);
            var body = got[^1].Json;
            Assert.That(body["id"]!.GetValue<string>(), Is.EqualTo(got[^1].Id));
            Assert.That(body["type"]!.GetValue<string>(), Is.EqualTo("meeting.published"));
            Assert.That(DateTimeOffset.Parse(body["occurredAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
                Is.EqualTo(Factory.Clock.GetUtcNow()).Within(TimeSpan.FromMinutes(5)), "occurredAt is when the meeting was published");
            Assert.That(body["entityId"]!.GetValue<string>(), Is.EqualTo(meetingId.ToString()));
            Assert.That(body["data"]!["id"]!.GetValue<Guid>(), Is.EqualTo(meetingId));
            Assert.That(body["data"]!["status"]!.GetValue<string>(), Is.EqualTo("published"));
            Assert.That(body["data"]!["stream"], Is.Null, "the payload is the public view: no stream URL");
            var delivery = log.Single();
            Assert.That(delivery!["eventId"]!.GetValue<string>(), Is.EqualTo(got[0].Id));
            Assert.That(delivery["attempts"]!.GetValue<int>(), Is.EqualTo(3));
            Assert.That(delivery["lastStatusCode"]!.GetValue<int>(), Is.EqualTo(200));
            Assert.That(delivery["deliveredAt"], Is.Not.Null);
            Assert.That(delivery["attemptLog"]!.AsArray().Select(a => a!["statusCode"]!.GetValue<int>()), Is.EqualTo(new[] { 500, 503, 200 }));
        });
    }

    [Test]
    public async Task Delivery_ForEveryMeetingEventType_ArrivesOnceInCommitOrder()
    {
        var path = NewPath();
        var (subscription, secret) = await SubscribeAsync(path, ["meeting.published", "meeting.updated", "meeting.cancelled", "meeting.completed"]);
        var first = await CreatePublishedMeetingAsync();
        await Expect(await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{first}", new { title = Unique("Renamed") }), HttpStatusCode.OK);
        await Expect(await Organiser.PostAsJsonAsync($"/meetings/{first}/cancel", new { reason = "Typhoon" }), HttpStatusCode.OK);

        await WebhookSettling.WaitUntilSettledAsync(Factory, subscription);
        var got = Receiver.For(path);
        Assert.Multiple(() =>
        {
            Assert.That(got.Select(g => g.Type), Is.EqualTo(new[] { "meeting.published", "meeting.updated", "meeting.cancelled" }));
            Assert.That(got.Select(g => g.Id).Distinct().Count(), Is.EqualTo(3));
            Assert.That(got.All(g => StandardWebhooks.Verify(secret, g, Tolerance)), Is.True);
        });
    }

    [Test]
    public async Task ChangeFeed_ReplaysDeliveredEventsWithTheSameIdAndBody()
    {
        var path = NewPath();
        await SubscribeAsync(path, ["meeting.*"]);
        var meeting = await CreatePublishedMeetingAsync();
        var hook = (await Receiver.WaitForAsync(path, r => r.Count == 1)).Single();

        var seq = hook.Json["seq"]!.GetValue<long>();
        var feed = await Json(await Organiser.GetAsync($"/changes?after={seq - 1}&limit=1"));
        var item = feed["items"]![0]!;

        Assert.Multiple(() =>
        {
            Assert.That(item["id"]!.GetValue<string>(), Is.EqualTo(hook.Id));
            Assert.That(item["entityId"]!.GetValue<string>(), Is.EqualTo(meeting.ToString()));
            Assert.That(JsonNode.DeepEquals(item, hook.Json), Is.True, "the feed item is the webhook body");
        });
    }

    [Test]
    public async Task Prune_RemovesFinishedDeliveriesOlderThanTheRetention()
    {
        var path = NewPath();
        var (subscription, _) = await SubscribeAsync(path, ["meeting.published"]);
        await CreatePublishedMeetingAsync();
        await WaitForDeliveriesAsync(subscription, d => d.Count == 1 && d[0]!["status"]!.GetValue<string>() == "succeeded");
        var store = Factory.Services.GetRequiredService<WebhookOutbox>();

        var kept = await store.PruneAsync(Factory.Clock.GetUtcNow().AddDays(-1).ToUnixTimeMilliseconds(), CancellationToken.None);
        var countAfterKeep = (await DeliveriesAsync(subscription)).Count;
        await store.PruneAsync(Factory.Clock.GetUtcNow().AddMinutes(1).ToUnixTimeMilliseconds(), CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(kept, Is.Zero);
            Assert.That(countAfterKeep, Is.EqualTo(1));
            Assert.That(await DeliveriesAsync(subscription), Is.Empty);
        });
    }

    [Test]
    public async Task Delivery_WhenReceiverAnswers410_DisablesTheSubscription()
    {
        var path = NewPath();
        Receiver.AnswerAlways(path, 410);
        var (subscription, _) = await SubscribeAsync(path, ["meeting.published"]);

        await CreatePublishedMeetingAsync();

        await WaitForDeliveriesAsync(subscription, d => d.Any(x => x!["status"]!.GetValue<string>() == "failed"));
        var sub = await Json(await Admin.GetAsync($"/webhooks/{subscription}"));
        await CreatePublishedMeetingAsync();
        await WebhookSettling.WaitUntilSettledAsync(Factory, subscription);
        Assert.Multiple(() =>
        {
            Assert.That(sub["status"]!.GetValue<string>(), Is.EqualTo("disabled"));
            Assert.That(sub["disabledReason"]!.GetValue<string>(), Does.Contain("410"));
            Assert.That(Receiver.For(path), Has.Count.EqualTo(1), "no retries and nothing more after 410");
        });
        var redeliver = await Admin.PostAsync($"/webhooks/{subscription}/deliveries/{(await DeliveriesAsync(subscription))[0]!["id"]}/redeliver", null);
        await ExpectProblem(redeliver, HttpStatusCode.Conflict, "webhook_disabled");
    }

    [Test]
    public async Task Delivery_WhenRetryWindowCloses_GivesUp()
    {
        var path = NewPath();
        Receiver.AnswerAlways(path, 500);
        var (subscription, _) = await SubscribeAsync(path, ["meeting.published"]);
        await CreatePublishedMeetingAsync();
        await Receiver.WaitForAsync(path, r => r.Count >= 1);

        Factory.Clock.Advance(TimeSpan.FromMinutes(2)); // past Webhooks:MaxRetryAge (1 minute here)

        var log = await WaitForDeliveriesAsync(subscription, d => d.Any(x => x!["status"]!.GetValue<string>() == "failed"));
        Assert.Multiple(() =>
        {
            Assert.That(log[0]!["lastError"]!.GetValue<string>(), Does.Contain("Gave up"));
            Assert.That(log[0]!["nextAttemptAt"], Is.Null);
        });
    }

    [Test]
    public async Task Redeliver_WhenDelivered_SendsAgainWithTheSameId()
    {
        var path = NewPath();
        var (subscription, secret) = await SubscribeAsync(path, ["meeting.published"]);
        await CreatePublishedMeetingAsync();
        var first = (await Receiver.WaitForAsync(path, r => r.Count == 1)).Single();
        var delivery = (await WaitForDeliveriesAsync(subscription, d => d.Count == 1 && d[0]!["status"]!.GetValue<string>() == "succeeded"))[0]!;

        var response = await Admin.PostAsync($"/webhooks/{subscription}/deliveries/{delivery["id"]}/redeliver", null);

        await Expect(response, HttpStatusCode.Accepted);
        var accepted = await Json(response);
        Assert.Multiple(() =>
        {
            Assert.That(accepted["status"]!.GetValue<string>(), Is.EqualTo("pending"));
            Assert.That(accepted["attemptLog"]!.AsArray(), Has.Count.EqualTo(1), "the log keeps the earlier attempt");
        });
        var got = await Receiver.WaitForAsync(path, r => r.Count == 2);
        var log = await WaitForDeliveriesAsync(subscription, d => d[0]!["attempts"]!.GetValue<int>() == 2 && d[0]!["status"]!.GetValue<string>() == "succeeded");
        Assert.Multiple(() =>
        {
            Assert.That(got[1].Id, Is.EqualTo(first.Id));
            Assert.That(got[1].Body, Is.EqualTo(first.Body));
            Assert.That(StandardWebhooks.Verify(secret, got[1], Tolerance), Is.True);
            Assert.That(log, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Delivery_WithHospitalScope_SendsOnlyThatHospitalsAttendeeEvents()
    {
        var hospitalA = await CreateHospitalAsync();
        var hospitalB = await CreateHospitalAsync();
        var scopedPath = NewPath();
        var allPath = NewPath();
        var (scoped, _) = await SubscribeAsync(scopedPath, ["registration.*"], hospitalA);
        await SubscribeAsync(allPath, ["registration.*"]);
        var meeting = await CreatePublishedMeetingAsync();

        await RecordChangeAsync("registration.created", meeting, hospitalA, new { attendee = "A" });
        await RecordChangeAsync("registration.created", meeting, hospitalB, new { attendee = "B" });
        await RecordChangeAsync("registration.created", meeting, null, new { attendee = "none" });
        await RecordChangeAsync("registration.checked_in", meeting, hospitalA, new { attendee = "A" });

        await Receiver.WaitForAsync(allPath, r => r.Count == 4);
        await WebhookSettling.WaitUntilSettledAsync(Factory, scoped);
        Assert.That(Receiver.For(scopedPath).Select(r => (r.Type, r.Json["data"]!["attendee"]!.GetValue<string>())),
            Is.EqualTo(new[] { ("registration.created", "A"), ("registration.checked_in", "A") }));
    }

    [Test]
    public async Task Delivery_ForDraftMeeting_IsNeverSent()
    {
        var path = NewPath();
        var (subscription, _) = await SubscribeAsync(path, ["*"]);
        var draft = (await CreateMeetingAsync())["id"]!.GetValue<Guid>();
        await Expect(await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{draft}", new { title = Unique("Draft") }), HttpStatusCode.OK);
        await RecordChangeAsync("registration.created", draft, null, new { attendee = "x" });
        var published = await CreatePublishedMeetingAsync();

        await WebhookSettling.WaitUntilSettledAsync(Factory, subscription);
        var about = Receiver.For(path).Select(r => r.Json["meetingId"]?.GetValue<string>()).Where(m => m is not null).ToList();
        Assert.That(about, Is.Not.Empty.And.All.EqualTo(published.ToString()), "nothing about the draft, only the published meeting");
    }

    [Test]
    public async Task Delete_RemovesTheSubscriptionAndStopsDeliveries()
    {
        var path = NewPath();
        var (subscription, _) = await SubscribeAsync(path, ["meeting.published"]);

        await Expect(await Admin.DeleteAsync($"/webhooks/{subscription}"), HttpStatusCode.NoContent);
        await CreatePublishedMeetingAsync();
        await WebhookSettling.WaitUntilSettledAsync(Factory, subscription);

        await ExpectProblem(await Admin.GetAsync($"/webhooks/{subscription}"), HttpStatusCode.NotFound, "not_found");
        Assert.That(Receiver.For(path), Is.Empty);
    }

    [Test]
    public async Task FanOut_OnlyIncludesChangesAfterTheSubscriptionWasCreated()
    {
        await CreatePublishedMeetingAsync();
        var path = NewPath();
        var (subscription, _) = await SubscribeAsync(path, ["meeting.published"]);
        var store = Factory.Services.GetRequiredService<WebhookOutbox>();
        var changes = Factory.Services.GetRequiredService<ChangeStore>();

        var later = await CreatePublishedMeetingAsync();

        await WebhookSettling.WaitUntilSettledAsync(Factory, subscription);
        Assert.Multiple(async () =>
        {
            Assert.That(Receiver.For(path).Select(r => r.Json["entityId"]!.GetValue<string>()), Is.EqualTo(new[] { later.ToString() }));
            Assert.That(await store.FanOutPositionAsync(CancellationToken.None), Is.EqualTo((await changes.ListAsync(0, null, null, true, 1, CancellationToken.None)).LastSeq));
        });
    }

    [Test]
    public void Backoff_GrowsExponentiallyWithJitterUpToTheCap()
    {
        var o = new WebhookOptions { BaseDelay = TimeSpan.FromSeconds(10), MaxDelay = TimeSpan.FromHours(6) };
        Assert.Multiple(() =>
        {
            Assert.That(WebhookWorker.Backoff(o, 1).TotalSeconds, Is.InRange(7.5, 12.5));
            Assert.That(WebhookWorker.Backoff(o, 4).TotalSeconds, Is.InRange(60, 100));
            Assert.That(WebhookWorker.Backoff(o, 40).TotalHours, Is.InRange(4.5, 7.5));
        });
    }
}
