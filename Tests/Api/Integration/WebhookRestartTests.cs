namespace EventScheduler.Tests.Api.Integration;

/// <summary>Stops the service while a delivery waits for its retry and starts a new one on the same
/// database file: the retry happens in the new process, once, with the same event id.</summary>
public sealed class WebhookRestartTests
{
    [Test]
    public async Task Delivery_WhenServiceRestartsMidRetry_ResumesWithoutLossOrDuplicates()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var path = "/hooks/restart";
        receiver.Script(path, 500);
        var settings = new Dictionary<string, string?>(IntegrationTestBase.FastWebhooks)
        {
            ["Webhooks:BaseDelay"] = "00:00:02",
            ["Webhooks:MaxDelay"] = "00:00:02",
        };

        string databasePath;
        string subscription;
        string secret;
        Guid first;
        var before = new ApiFactory(settings) { KeepDatabase = true };
        try
        {
            using var admin = before.ClientWithKey(ApiFactory.AdminKey);
            var hospital = await PostAsync(admin, "/hospitals", new { name = "Restart hospital", city = "Xi'an", province = "Shaanxi", allianceRole = "member" });
            var hook = await PostAsync(admin, "/webhooks", new { url = receiver.Url + path, eventTypes = new[] { "meeting.published" } });
            (subscription, secret) = (hook["id"]!.GetValue<string>(), hook["secret"]!.GetValue<string>());
            first = await PublishMeetingAsync(admin, hospital["id"]!.GetValue<Guid>());

            await receiver.WaitForAsync(path, r => r.Count == 1);
            // Stop only once the 500 is recorded: the delivery is then waiting for its retry (~2 s away).
            var until = DateTime.UtcNow.AddSeconds(10);
            while (!(await admin.GetStringAsync($"/webhooks/{subscription}/deliveries")).Contains("\"attempts\":1", StringComparison.Ordinal))
            {
                Assert.That(DateTime.UtcNow, Is.LessThan(until), "the failed attempt was never recorded");
                await Task.Delay(20);
            }
            databasePath = before.DatabasePath;
        }
        finally
        {
            before.Dispose();
        }

        Assert.That(receiver.For(path), Has.Count.EqualTo(1), "nothing was retried before the stop");

        using var after = new ApiFactory(settings, databasePath);
        using var admin2 = after.ClientWithKey(ApiFactory.AdminKey);
        await receiver.WaitForAsync(path, r => r.Any(x => x.Status == 200));
        var hospital2 = await PostAsync(admin2, "/hospitals", new { name = "Restart hospital 2", city = "Xi'an", province = "Shaanxi", allianceRole = "member" });
        var second = await PublishMeetingAsync(admin2, hospital2["id"]!.GetValue<Guid>());
        await WebhookSettling.WaitUntilSettledAsync(after, subscription);
        var got = receiver.For(path);

        var log = (await (await admin2.GetAsync($"/webhooks/{subscription}/deliveries")).Content.ReadFromJsonAsync<JsonNode>())!["items"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(got.Select(g => (g.Status, g.Json["entityId"]!.GetValue<string>())),
                Is.EqualTo(new[] { (500, first.ToString()), (200, first.ToString()), (200, second.ToString()) }));
            Assert.That(got[0].Id, Is.EqualTo(got[1].Id), "the retry after the restart keeps the event id");
            Assert.That(got[2].Id, Is.Not.EqualTo(got[0].Id));
            Assert.That(got.All(g => StandardWebhooks.Verify(secret, g, TimeSpan.FromMinutes(5))), Is.True);
            Assert.That(log, Has.Count.EqualTo(2), "each change fanned out once: the persisted cursor survived");
            var firstDelivery = log.Single(d => d!["eventId"]!.GetValue<string>() == got[0].Id)!;
            Assert.That(firstDelivery["status"]!.GetValue<string>(), Is.EqualTo("succeeded"));
            Assert.That(firstDelivery["attemptLog"]!.AsArray().Select(a => a!["statusCode"]!.GetValue<int>()), Is.EqualTo(new[] { 500, 200 }));
        });
    }

    [Test]
    public async Task Delivery_WhenServiceStopsMidAttempt_IsSentAgainAtOnceAfterRestartWithTheSameId()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var path = "/hooks/mid-attempt";
        receiver.Delay(path, TimeSpan.FromSeconds(30)); // the answer never comes before the stop
        var settings = new Dictionary<string, string?>(IntegrationTestBase.FastWebhooks)
        {
            ["Webhooks:RequestTimeout"] = "00:01:00", // the claim (lease) would last 90 s: only the release makes the restart quick
        };

        string databasePath;
        string subscription;
        var before = new ApiFactory(settings) { KeepDatabase = true };
        try
        {
            using var admin = before.ClientWithKey(ApiFactory.AdminKey);
            var hospital = await PostAsync(admin, "/hospitals", new { name = "Mid-attempt hospital", city = "Xi'an", province = "Shaanxi", allianceRole = "member" });
            subscription = (await PostAsync(admin, "/webhooks", new { url = receiver.Url + path, eventTypes = new[] { "meeting.published" } }))["id"]!.GetValue<string>();
            await PublishMeetingAsync(admin, hospital["id"]!.GetValue<Guid>());
            var until = DateTime.UtcNow.AddSeconds(20);
            while (receiver.Arrived.IsEmpty)
            {
                Assert.That(DateTime.UtcNow, Is.LessThan(until), "the attempt never started");
                await Task.Delay(20);
            }

            databasePath = before.DatabasePath;
        }
        finally
        {
            before.Dispose(); // stops the worker while its request is in flight
        }

        receiver.NoDelay(path);
        var started = DateTime.UtcNow;
        using var after = new ApiFactory(settings, databasePath);
        using var admin2 = after.ClientWithKey(ApiFactory.AdminKey);
        _ = await admin2.GetAsync("/health");
        var got = await receiver.WaitForAsync(path, r => r.Any(x => x.Status == 200 && x.ReceivedAt > started));
        var resentAfter = DateTime.UtcNow - started;
        // The receiver sees the request before the worker records its outcome: wait for the record.
        await WebhookSettling.WaitUntilSettledAsync(after, subscription);
        var log = (await (await admin2.GetAsync($"/webhooks/{subscription}/deliveries")).Content.ReadFromJsonAsync<JsonNode>())!["items"]!.AsArray();

        Assert.Multiple(() =>
        {
            Assert.That(got.Select(g => g.Id).Distinct().Count(), Is.EqualTo(1), "at least once, always under the same id");
            Assert.That(resentAfter, Is.LessThan(TimeSpan.FromSeconds(20)), "the abandoned claim was given back at the stop (else its 90 s lease runs out first)");
            Assert.That(log.Single()!["status"]!.GetValue<string>(), Is.EqualTo("succeeded"));
        });
    }

    private static async Task<JsonNode> PostAsync(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created).Or.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static async Task<Guid> PublishMeetingAsync(HttpClient admin, Guid hospital)
    {
        var start = DateTimeOffset.UtcNow.Date.AddDays(30);
        var meeting = await PostAsync(admin, "/meetings", new
        {
            title = "Restart meeting " + Guid.NewGuid().ToString("N")[..6],
            format = "online",
            startsAt = new DateTimeOffset(start, TimeSpan.Zero),
            endsAt = new DateTimeOffset(start.AddHours(8), TimeSpan.Zero),
            stream = new { platform = "Alliance live", url = "https://live.example.org/x" },
            hostHospitalId = hospital,
        });
        var id = meeting["id"]!.GetValue<Guid>();
        var published = await admin.PostAsync($"/meetings/{id}/publish", null);
        Assert.That(published.StatusCode, Is.EqualTo(HttpStatusCode.OK), await published.Content.ReadAsStringAsync());
        return id;
    }
}
