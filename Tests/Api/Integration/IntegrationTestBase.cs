using EventScheduler.Api.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EventScheduler.Tests.Api.Integration;

/// <summary>An application whose webhook worker retries fast and may call loopback, plus a real
/// receiver on loopback and helpers for subscriptions, deliveries and synthetic changes.</summary>
public abstract class IntegrationTestBase : ApiTestBase
{
    public static readonly Dictionary<string, string?> FastWebhooks = new()
    {
        ["Webhooks:AllowPrivateDestinations"] = "true",
        ["Webhooks:PollInterval"] = "00:00:00.050",
        ["Webhooks:BaseDelay"] = "00:00:00.200",
        ["Webhooks:MaxDelay"] = "00:00:01",
        ["Webhooks:MaxRetryAge"] = "00:01:00",
        ["Webhooks:RequestTimeout"] = "00:00:05",
    };

    protected WebhookReceiver Receiver { get; private set; } = null!;

    protected override IDictionary<string, string?>? Settings => FastWebhooks;

    [OneTimeSetUp]
    public async Task StartReceiver() => Receiver = await WebhookReceiver.StartAsync();

    [OneTimeTearDown]
    public async Task StopReceiver() => await Receiver.DisposeAsync();

    protected static string NewPath() => "/hooks/" + Guid.NewGuid().ToString("N");

    /// <summary>Subscribes <paramref name="path"/> on the receiver; returns the subscription id and secret.</summary>
    protected async Task<(string Id, string Secret)> SubscribeAsync(string path, string[] eventTypes, Guid? hospitalId = null)
    {
        var response = await Admin.PostAsJsonAsync("/webhooks", new { url = Receiver.Url + path, eventTypes, hospitalId, description = "test receiver" });
        await Expect(response, HttpStatusCode.Created);
        var body = await Json(response);
        return (body["id"]!.GetValue<string>(), body["secret"]!.GetValue<string>());
    }

    protected async Task<JsonArray> DeliveriesAsync(string subscriptionId, string? query = null)
    {
        var response = await Admin.GetAsync($"/webhooks/{subscriptionId}/deliveries{query}");
        await Expect(response, HttpStatusCode.OK);
        return (await Json(response))["items"]!.AsArray();
    }

    /// <summary>Polls the delivery log until <paramref name="done"/> holds.</summary>
    protected async Task<JsonArray> WaitForDeliveriesAsync(string subscriptionId, Func<JsonArray, bool> done, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var items = await DeliveriesAsync(subscriptionId);
            if (done(items))
            {
                return items;
            }

            if (DateTime.UtcNow > until)
            {
                Assert.Fail($"Timed out waiting for the delivery log: {items.ToJsonString()}");
            }

            await Task.Delay(25);
        }
    }

    /// <summary>Records a change as the registrations feature will (HospitalId = the attendee's hospital).</summary>
    protected Task RecordChangeAsync(string type, Guid meetingId, Guid? hospitalId, object payload, string entity = "registration")
    {
        var db = Factory.Services.GetRequiredService<Database>();
        return db.WriteAsync(async (c, tx) =>
        {
            await ChangeLog.RecordAsync(c, tx, new Change(entity, Guid.NewGuid().ToString(), type, 1, meetingId.ToString(), hospitalId?.ToString(), payload),
                Factory.Clock.GetUtcNow(), CancellationToken.None);
            return 0;
        }, CancellationToken.None);
    }
}
