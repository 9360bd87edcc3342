using System.Collections.Concurrent;
using System.Diagnostics;
using EventScheduler.Api.Observability;
using EventScheduler.Tests.Api.Email;

namespace EventScheduler.Tests.Api.Observability;

/// <summary>Issue 16 item 2 for mail: change → outbox → mail delivery is one trace. The outbox row keeps the sign-up
/// request's traceparent and the delivery span (<c>mail.deliver</c>) starts with it as parent, even when the
/// registration writer carried many sign-ups in one batch. Spans are seen with a plain <see cref="ActivityListener"/>.</summary>
public sealed class MailTracingTests : MailTestBase
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private ActivityListener _listener = null!;

    [OneTimeSetUp]
    public void Listen()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is Telemetry.Name or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [OneTimeTearDown]
    public void StopListening() => _listener.Dispose();

    [Test]
    public async Task MailDelivery_OfSignUps_ContinuesEachSignUpRequestsTrace()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 50);

        // Each sign-up arrives with a trace of its own (as from a traced portal), all at once so batches carry several.
        var sent = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            var trace = ActivityTraceId.CreateRandom();
            var request = new HttpRequestMessage(HttpMethod.Post, $"/meetings/{meeting}/registrations") { Content = JsonContent.Create(SignUpBody()) };
            request.Headers.Add("traceparent", $"00-{trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            var response = await Anonymous.SendAsync(request);
            await Expect(response, HttpStatusCode.Created);
            return (Trace: trace, Registration: Id(await Json(response)).ToString());
        }));

        var deliveries = await SpansAsync(s => s.OperationName == "mail.deliver"
                                               && sent.Any(x => x.Registration == (string?)s.GetTagItem("eventscheduler.registration.id")), sent.Length);
        var requests = _stopped.Where(s => s.Kind == ActivityKind.Server).ToList();
        Assert.Multiple(() =>
        {
            foreach (var (trace, registration) in sent)
            {
                var delivery = deliveries.Single(d => (string?)d.GetTagItem("eventscheduler.registration.id") == registration);
                var request = requests.SingleOrDefault(r => r.TraceId == trace);
                Assert.That(delivery.TraceId, Is.EqualTo(trace), "the delivery continues its own sign-up's trace");
                Assert.That(request, Is.Not.Null, "the sign-up request span of that trace");
                Assert.That(delivery.ParentSpanId, Is.EqualTo(request?.SpanId), "the delivery span is the request span's child");
                Assert.That(delivery.GetTagItem(Telemetry.OutcomeTag), Is.EqualTo("sent"));
            }
        });
    }

    /// <summary>A span is reported when it stops: wait for them with a deadline.</summary>
    private async Task<IReadOnlyList<Activity>> SpansAsync(Func<Activity, bool> match, int count)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var found = _stopped.Where(match).ToList();
            if (found.Count >= count)
            {
                return found;
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                Assert.Fail($"Found {found.Count} of {count} matching spans among {_stopped.Count}.");
            }

            await Task.Delay(20);
        }
    }
}
