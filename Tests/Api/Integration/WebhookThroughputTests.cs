using System.Diagnostics;
using EventScheduler.Api.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EventScheduler.Tests.Api.Integration;

/// <summary>Measurements, not checks: run with --filter "FullyQualifiedName~Throughput" (explicit, so CI skips them).</summary>
[Explicit("Measurement")]
public sealed class WebhookThroughputTests : IntegrationTestBase
{
    [TestCase(2000)]
    public async Task Deliveries_ToALoopbackReceiver_Throughput(int count)
    {
        var path = NewPath();
        await SubscribeAsync(path, ["registration.*"]);
        var meeting = await CreatePublishedMeetingAsync();
        var hospital = await CreateHospitalAsync();
        var db = Factory.Services.GetRequiredService<Database>();

        var watch = Stopwatch.StartNew();
        await db.WriteAsync(async (c, tx) =>
        {
            for (var i = 0; i < count; i++)
            {
                await ChangeLog.RecordAsync(c, tx, new Change("registration", Guid.NewGuid().ToString(), "registration.created", 1, meeting.ToString(),
                    hospital.ToString(), new { n = i }), Factory.Clock.GetUtcNow(), CancellationToken.None);
            }

            return 0;
        }, CancellationToken.None);
        await Receiver.WaitForAsync(path, r => r.Count >= count, TimeSpan.FromMinutes(2));
        var delivered = watch.Elapsed;

        watch.Restart();
        var read = 0;
        var after = "0";
        while (true)
        {
            var page = await Json(await Organiser.GetAsync($"/changes?after={after}&limit=200"));
            read += page["items"]!.AsArray().Count;
            after = page["nextCursor"]!.GetValue<string>();
            if (!page["hasMore"]!.GetValue<bool>())
            {
                break;
            }
        }

        var feed = watch.Elapsed;
        TestContext.Out.WriteLine($"{count} webhooks delivered in {delivered.TotalMilliseconds:0} ms ({count / delivered.TotalSeconds:0}/s); " +
            $"feed read {read} changes in {feed.TotalMilliseconds:0} ms ({read / feed.TotalSeconds:0}/s)");
        Assert.That(Receiver.For(path).Select(r => r.Id).Distinct().Count(), Is.EqualTo(count));
    }
}
