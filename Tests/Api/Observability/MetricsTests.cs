using System.Diagnostics;
using EventScheduler.Tests.Api.Storage;

namespace EventScheduler.Tests.Api.Observability;

/// <summary>GET /metrics (Prometheus, anonymous, on by default): request duration per route, the registration writer's
/// batches and commits, outbox backlogs, live-feed listeners, database faults and rate-limit rejections.</summary>
public sealed class MetricsTests : ApiTestBase
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Metrics:SampleInterval"] = "00:00:00.100",
        // No delivery: the backlog of the subscription below stays until the test reads it.
        ["Webhooks:Enabled"] = "false",
        ["Webhooks:AllowPrivateDestinations"] = "true",
        // Nothing listens on port 1: every message fails and waits for its retry, in the backlog.
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = "1",
        ["Email:PollInterval"] = "00:00:00.100",
    };

    [Test]
    public async Task Metrics_WhileMailCannotBeSent_ShowTheMailBacklogAndItsAge()
    {
        var meeting = await CreatePublishedMeetingAsync();

        await Expect(await Anonymous.PostAsJsonAsync($"/meetings/{meeting}/registrations", SignUp()), HttpStatusCode.Created);

        var scrape = await ScrapeUntilAsync(s => s.Sum("eventscheduler_outbox_backlog", ("eventscheduler_outbox", "mail")) >= 1);
        Assert.That(scrape.Has("eventscheduler_outbox_oldest_age_seconds", ("eventscheduler_outbox", "mail")), Is.True);
    }

    [Test]
    public async Task Metrics_WhenScrapedWithoutAKey_ShowRequestDurationPerRoute()
    {
        var meeting = await CreatePublishedMeetingAsync();
        await Expect(await Anonymous.GetAsync($"/meetings/{meeting}"), HttpStatusCode.OK);
        await Anonymous.GetAsync($"/meetings/{Guid.NewGuid()}");

        var scrape = await ScrapeUntilAsync(s => s.Has("http_server_request_duration_seconds_count", ("http_route", "/meetings/{id}"), ("http_response_status_code", "404")));

        Assert.Multiple(() =>
        {
            Assert.That(scrape.Sum("http_server_request_duration_seconds_count", ("http_route", "/meetings/{id}"), ("http_response_status_code", "200")),
                Is.GreaterThanOrEqualTo(1));
            Assert.That(scrape.Has("http_server_request_duration_seconds_bucket", ("http_route", "/meetings/{id}")), Is.True, "latency buckets per route");
        });
    }

    [Test]
    public async Task Metrics_DuringASignUpBurst_ShowBatchSizesCommitTimesAndTheOutboxBacklog()
    {
        var meeting = await CreatePublishedMeetingAsync();
        await Expect(await Admin.PostAsJsonAsync("/webhooks", new { url = "http://127.0.0.1:9/hooks", eventTypes = new[] { "registration.created" } }),
            HttpStatusCode.Created);
        var before = await PrometheusScrape.GetAsync(Anonymous);

        const int burst = 200;
        var signUps = Enumerable.Range(0, burst).Select(_ => Anonymous.PostAsJsonAsync($"/meetings/{meeting}/registrations", SignUp())).ToList();
        var during = await PrometheusScrape.GetAsync(Anonymous);
        foreach (var response in await Task.WhenAll(signUps))
        {
            await Expect(response, HttpStatusCode.Created);
        }

        var after = await ScrapeUntilAsync(s => s.Sum("eventscheduler_outbox_backlog", ("eventscheduler_outbox", "webhooks")) >= burst);

        var commands = after.Sum("eventscheduler_registration_writer_batch_size_sum") - before.Sum("eventscheduler_registration_writer_batch_size_sum");
        var batches = after.Sum("eventscheduler_registration_writer_batch_size_count") - before.Sum("eventscheduler_registration_writer_batch_size_count");
        Assert.Multiple(() =>
        {
            Assert.That(during.Has("eventscheduler_registration_writer_queue_length"), Is.True, "the queue length is a gauge");
            Assert.That(commands, Is.GreaterThanOrEqualTo(burst), "every sign-up went through a batch");
            Assert.That(batches, Is.GreaterThan(0).And.LessThanOrEqualTo(commands));
            Assert.That(after.Sum("eventscheduler_registration_writer_commit_duration_seconds_count")
                        - before.Sum("eventscheduler_registration_writer_commit_duration_seconds_count"), Is.EqualTo(batches), "one commit per batch");
            Assert.That(after.Sum("eventscheduler_registration_writer_commit_duration_seconds_sum"), Is.GreaterThan(0));
            Assert.That(after.Sum("eventscheduler_outbox_oldest_age_seconds", ("eventscheduler_outbox", "webhooks")), Is.GreaterThanOrEqualTo(0));
            Assert.That(after.Has("eventscheduler_outbox_oldest_age_seconds", ("eventscheduler_outbox", "webhooks")), Is.True);
        });
    }

    [Test]
    public async Task Metrics_WhileSomeoneListensToTheLiveFeed_CountTheListener()
    {
        var meeting = await CreatePublishedMeetingAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/meetings/{meeting}/live");
        using var stream = await Anonymous.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await Expect(stream, HttpStatusCode.OK);

        var scrape = await ScrapeUntilAsync(s => s.Sum("eventscheduler_live_feed_listeners") >= 1);

        Assert.That(scrape.Sum("eventscheduler_live_feed_listeners"), Is.EqualTo(1));
    }

    [Test]
    public async Task Metrics_WhenADatabaseWriteTimesOutOnTheLock_CountABusyFault()
    {
        using var service = await ServiceOnFile.StartAsync(new Dictionary<string, string?> { ["Database:BusyTimeoutMs"] = "200" });
        var before = (await PrometheusScrape.GetAsync(service.Anonymous)).Sum("eventscheduler_database_faults_total", ("error_type", "busy"));
        using (var outside = service.OutsideConnection())
        using (outside.BeginTransaction(deferred: false))
        {
            await ServiceOnFile.ExpectUnavailableAsync(await service.PostHospitalAsync(), "POST /hospitals while locked");
        }

        var scrape = await ScrapeUntilAsync(s => s.Sum("eventscheduler_database_faults_total", ("error_type", "busy")) > before, service.Anonymous);

        Assert.That(scrape.Sum("eventscheduler_database_faults_total", ("error_type", "busy")), Is.GreaterThan(before));
    }

    [Test]
    public async Task Metrics_WhenARateLimitRefusesARequest_CountTheRejection()
    {
        using var factory = new ApiFactory(new Dictionary<string, string?>
        {
            ["RateLimiting:Enabled"] = "true",
            ["RateLimiting:AnonymousRead:PermitLimit"] = "2",
            ["RateLimiting:AnonymousRead:Window"] = "01:00:00",
        });
        using var client = factory.ClientWithKey(null);
        var before = (await PrometheusScrape.GetAsync(client)).Sum("eventscheduler_rate_limit_rejections_total", ("eventscheduler_rate_limit_budget", "anonymous_read"));
        HttpResponseMessage last;
        do
        {
            last = await client.GetAsync("/meetings");
        }
        while (last.StatusCode == HttpStatusCode.OK);

        await ExpectProblem(last, HttpStatusCode.TooManyRequests, "rate_limited");
        var scrape = await ScrapeUntilAsync(
            s => s.Sum("eventscheduler_rate_limit_rejections_total", ("eventscheduler_rate_limit_budget", "anonymous_read")) > before, client);
        Assert.That(scrape.Text, Does.Contain("eventscheduler_rate_limit_rejections_total"), "the scrape itself is never rate limited");
    }

    [Test]
    public async Task Metrics_WhenSwitchedOff_AreNotServed()
    {
        using var factory = new ApiFactory(new Dictionary<string, string?> { ["Metrics:Prometheus:Enabled"] = "false" });
        using var client = factory.ClientWithKey(null);

        await ExpectProblem(await client.GetAsync("/metrics"), HttpStatusCode.NotFound, "not_found");
    }

    private static object SignUp() => new
    {
        fullName = "Dr Zhang Wei",
        email = $"{Guid.NewGuid():N}@hospital.example.cn",
        hospitalName = "Ankang Central Hospital",
        jobTitle = "Attending surgeon",
        specialty = "Hepatobiliary surgery",
        mode = "online",
    };

    /// <summary>Scrapes until <paramref name="condition"/> holds (gauges are sampled, scrapes briefly cached).</summary>
    private async Task<PrometheusScrape> ScrapeUntilAsync(Func<PrometheusScrape, bool> condition, HttpClient? client = null)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var scrape = await PrometheusScrape.GetAsync(client ?? Anonymous);
            if (condition(scrape))
            {
                return scrape;
            }

            Assert.That(watch.Elapsed, Is.LessThan(Deadline), $"the metrics never met the condition:\n{scrape.Text}");
            await Task.Delay(100);
        }
    }
}
