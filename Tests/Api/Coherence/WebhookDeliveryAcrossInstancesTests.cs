using EventScheduler.Tests.Api.Integration;

namespace EventScheduler.Tests.Api.Coherence;

/// <summary>Issue 15: two instances' webhook workers share one outbox. Each claims a delivery in the database before
/// sending it, so every event reaches the subscriber once, whichever instance recorded it and whichever sends it.</summary>
[TestFixtureSource(typeof(StorageProviders), nameof(StorageProviders.Both))]
public sealed class WebhookDeliveryAcrossInstancesTests : TwoInstancesTestBase
{
    private WebhookReceiver _receiver = null!;

    public WebhookDeliveryAcrossInstancesTests(string provider)
        : base(provider)
    {
    }

    // Both instances deliver (the base switches webhooks off for the cache tests).
    protected override IDictionary<string, string?>? Settings => IntegrationTestBase.FastWebhooks;

    [OneTimeSetUp]
    public async Task StartReceiver() => _receiver = await WebhookReceiver.StartAsync();

    [OneTimeTearDown]
    public async Task StopReceiver() => await _receiver.DisposeAsync();

    [Test]
    public async Task Deliveries_WhenBothInstancesRunWorkers_ReachTheSubscriberOnceEach()
    {
        const string path = "/hooks/two-instances";
        // A slow subscriber keeps deliveries in flight while the other worker polls: the window where a second send would happen.
        _receiver.Delay(path, TimeSpan.FromMilliseconds(50));
        using var admin = Factory.ClientWithKey(ApiFactory.AdminKey);
        var hook = await Json(await admin.PostAsJsonAsync("/webhooks", new { url = _receiver.Url + path, eventTypes = new[] { "hospital.created" } }));
        var subscription = hook["id"]!.GetValue<string>();

        const int count = 30;
        var created = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var client = i % 2 == 0 ? Organiser : OrganiserB;
            var response = await client.PostAsJsonAsync("/hospitals", new { name = Unique("Hook hospital"), city = "Xi'an", province = "Shaanxi", allianceRole = "member" });
            await Expect(response, HttpStatusCode.Created);
            created.Add((await Json(response))["id"]!.GetValue<string>());
        }

        await _receiver.WaitForAsync(path, got => got.Select(g => g.Id).Distinct().Count() >= count, TimeSpan.FromSeconds(30));
        await WebhookSettling.WaitUntilSettledAsync(Factory, subscription);
        await WebhookSettling.WaitUntilSettledAsync(FactoryB, subscription);

        var got = _receiver.For(path);
        Assert.Multiple(() =>
        {
            Assert.That(got.Select(g => g.Id), Is.Unique, "no event sent twice");
            Assert.That(got.Select(g => g.Json["entityId"]!.GetValue<string>()), Is.EquivalentTo(created), "every hospital's event, once");
        });
    }
}
