using System.Diagnostics;
using EventScheduler.Tests.Api.Integration;
using EventScheduler.Tests.Api.Registrations;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace EventScheduler.Tests.Api.Observability;

/// <summary>Issue 16 item 2, with OpenTelemetry's in-memory exporter: one sign-up is one trace (request → writer
/// batch → commit), the problem body's traceId is the request's trace, and the change's webhook delivery continues
/// the trace of the sign-up that recorded it.</summary>
public sealed class TracingTests : RegistrationTestBase
{
    private readonly List<Activity> _spans = [];
    private WebhookReceiver _receiver = null!;

    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?>(IntegrationTestBase.FastWebhooks)
    {
        ["Tracing:Enabled"] = "true",
    };

    protected override void ConfigureServices(IServiceCollection services) =>
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans));

    [OneTimeSetUp]
    public async Task StartReceiver() => _receiver = await WebhookReceiver.StartAsync();

    [OneTimeTearDown]
    public async Task StopReceiver() => await _receiver.DisposeAsync();

    [Test]
    public async Task SignUp_WhenTraced_IsOneTraceOfRequestBatchAndCommit()
    {
        var meeting = await CreateOpenMeetingAsync();

        await Expect(await PostSignUpAsync(Anonymous, meeting, SignUpBody()), HttpStatusCode.Created);

        var request = await SpanAsync(s => s.Kind == ActivityKind.Server && (string?)s.GetTagItem("http.route") == "/meetings/{id}/registrations"
                                              && s.GetTagItem("http.request.method") as string == "POST");
        var batch = await SpanAsync(s => s.OperationName == "registration_writer.batch" && s.TraceId == request.TraceId);
        var commit = await SpanAsync(s => s.OperationName == "registration_writer.commit" && s.TraceId == request.TraceId);
        Assert.Multiple(() =>
        {
            Assert.That(batch.ParentSpanId, Is.EqualTo(request.SpanId), "the batch is a child of the request it carries");
            Assert.That(commit.ParentSpanId, Is.EqualTo(batch.SpanId), "the commit is a child of its batch");
            Assert.That(commit.StartTimeUtc, Is.GreaterThanOrEqualTo(request.StartTimeUtc));
            Assert.That(commit.StartTimeUtc + commit.Duration, Is.LessThanOrEqualTo(request.StartTimeUtc + request.Duration),
                "the answer comes after the commit");
        });
    }

    [Test]
    public async Task SignUps_InOneBatch_AreLinkedFromTheBatchSpan()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 100);

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => PostSignUpAsync(Anonymous, meeting, SignUpBody())));

        foreach (var response in responses)
        {
            await Expect(response, HttpStatusCode.Created);
        }

        var requests = await SpansAsync(s => s.Kind == ActivityKind.Server && (string?)s.GetTagItem("http.route") == "/meetings/{id}/registrations", 40);
        var batches = await SpansAsync(s => s.OperationName == "registration_writer.batch", 1);
        var carried = batches.SelectMany(b => b.Links.Select(l => l.Context.SpanId).Append(b.ParentSpanId)).ToHashSet();
        Assert.That(requests.Where(r => !carried.Contains(r.SpanId)).Select(r => r.TraceId.ToHexString()), Is.Empty,
            "every sign-up's request span is the parent of, or linked from, the batch that carried it");
    }

    [Test]
    public async Task Problem_WhenTraced_HasTheTraceIdOfTheRequestSpan()
    {
        var problem = await ExpectProblem(await Organiser.GetAsync($"/meetings/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "not_found");

        var traceId = problem["traceId"]!.GetValue<string>();
        var request = await SpanAsync(s => s.Kind == ActivityKind.Server && s.TraceId.ToHexString() == traceId);
        Assert.That(request.GetTagItem("http.response.status_code"), Is.EqualTo(404));
    }

    [Test]
    public async Task WebhookDelivery_OfASignUpsChange_ContinuesTheSignUpsTrace()
    {
        var path = "/hooks/" + Guid.NewGuid().ToString("N");
        await Expect(await Admin.PostAsJsonAsync("/webhooks", new { url = _receiver.Url + path, eventTypes = new[] { "registration.created" } }),
            HttpStatusCode.Created);
        var meeting = await CreateOpenMeetingAsync();

        var signUp = await PostSignUpAsync(Anonymous, meeting, SignUpBody());
        await Expect(signUp, HttpStatusCode.Created);
        var registrationId = (await Json(signUp))["id"]!.GetValue<string>();

        var request = await SpanAsync(s => s.Kind == ActivityKind.Server && (string?)s.GetTagItem("http.route") == "/meetings/{id}/registrations"
                                              && (int?)s.GetTagItem("http.response.status_code") == 201 && Contains(s, meeting));
        var delivery = await SpanAsync(s => s.OperationName == "webhook.deliver" && s.TraceId == request.TraceId);
        var received = _receiver.Received.First(r => r.Path == path && r.Body.Contains(registrationId, StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That((string?)delivery.GetTagItem("eventscheduler.webhook.event_type"), Is.EqualTo("registration.created"));
            Assert.That(received.Status, Is.EqualTo(200));
        });
    }

    private static bool Contains(Activity span, Guid meeting) =>
        (span.GetTagItem("url.path") as string)?.Contains(meeting.ToString(), StringComparison.Ordinal) == true;

    private async Task<Activity> SpanAsync(Func<Activity, bool> match) => (await SpansAsync(match, 1))[0];

    /// <summary>Spans are exported as they end (the request's just after its answer): wait for them with a deadline.</summary>
    private async Task<IReadOnlyList<Activity>> SpansAsync(Func<Activity, bool> match, int count)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            List<Activity> found;
            try
            {
                // The exporter appends from the thread that ends a span; a read that races it starts again.
                found = _spans.ToArray().Where(match).ToList();
            }
            catch (ArgumentException)
            {
                continue;
            }
            catch (InvalidOperationException)
            {
                continue;
            }

            if (found.Count >= count)
            {
                return found;
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(20))
            {
                Assert.Fail($"Found {found.Count} of {count} matching spans among {_spans.Count}.");
            }

            await Task.Delay(20);
        }
    }
}
