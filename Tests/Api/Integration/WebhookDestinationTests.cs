using System.Net;
using EventScheduler.Api.Integration;
using EventScheduler.Api.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EventScheduler.Tests.Api.Integration;

/// <summary>The SSRF guard, with the production setting (private destinations refused).</summary>
public sealed class WebhookDestinationTests : ApiTestBase
{
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Webhooks:PollInterval"] = "00:00:00.050",
        ["Webhooks:BaseDelay"] = "00:00:00.200",
        ["Webhooks:MaxDelay"] = "00:00:01",
    };

    [TestCase("http://127.0.0.1:8080/hook")]
    [TestCase("http://localhost/hook")]
    [TestCase("http://10.1.2.3/hook")]
    [TestCase("http://172.20.0.1/hook")]
    [TestCase("http://192.168.1.10/hook")]
    [TestCase("http://169.254.169.254/latest/meta-data")]
    [TestCase("http://100.64.0.1/hook")]
    [TestCase("http://0.0.0.0/hook")]
    [TestCase("http://[::1]/hook")]
    [TestCase("http://[::ffff:127.0.0.1]/hook")]
    [TestCase("http://[fd00::1]/hook")]
    [TestCase("http://[fe80::1]/hook")]
    [TestCase("http://2130706433/hook")] // 127.0.0.1 as one number
    public async Task Create_WhenDestinationIsNotPublic_Returns400(string url)
    {
        var response = await Admin.PostAsJsonAsync("/webhooks", new { url, eventTypes = new[] { "*" } });

        var problem = await ExpectProblem(response, HttpStatusCode.BadRequest, DestinationGuard.ForbiddenCode);
        Assert.That(problem["errors"]!["url"], Is.Not.Null);
    }

    [TestCase("ftp://example.org/hook")]
    [TestCase("/relative")]
    [TestCase("https://user:pass@example.org/hook")]
    public async Task Create_WhenUrlNotHttp_Returns400(string url)
    {
        var response = await Admin.PostAsJsonAsync("/webhooks", new { url, eventTypes = new[] { "*" } });

        await ExpectProblem(response, HttpStatusCode.BadRequest, DestinationGuard.InvalidUrlCode);
    }

    [Test]
    public async Task Create_WhenHostDoesNotResolve_Returns400()
    {
        var response = await Admin.PostAsJsonAsync("/webhooks", new { url = "https://no-such-host.invalid/hook", eventTypes = new[] { "*" } });

        await ExpectProblem(response, HttpStatusCode.BadRequest, DestinationGuard.UnresolvableCode);
    }

    [Test]
    public async Task Create_WhenDestinationIsPublic_Returns201()
    {
        // A literal public address: nothing is resolved or contacted at creation.
        var response = await Admin.PostAsJsonAsync("/webhooks", new { url = "https://93.184.215.14/hook", eventTypes = new[] { "meeting.cancelled" } });

        await Expect(response, HttpStatusCode.Created);
        await Expect(await Admin.DeleteAsync($"/webhooks/{(await Json(response))["id"]}"), HttpStatusCode.NoContent);
    }

    [Test]
    public async Task Delivery_WhenDestinationTurnsPrivate_IsRefusedAtConnectTime()
    {
        // As if DNS now pointed the subscribed host at loopback (rebinding): written past the create check.
        await using var receiver = await WebhookReceiver.StartAsync();
        var store = Factory.Services.GetRequiredService<WebhookSubscriptionStore>();
        var now = Factory.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var id = Guid.NewGuid().ToString();
        await store.InsertAsync(new WebhookSubscriptionRow
        {
            Id = id, Url = receiver.Url + "/rebound", EventTypes = "[\"meeting.published\"]", Secret = WebhookSignature.NewSecret(),
            Status = "active", CreatedAt = now, UpdatedAt = now,
        }, CancellationToken.None);

        await CreatePublishedMeetingAsync();

        JsonArray log;
        var until = DateTime.UtcNow.AddSeconds(20);
        do
        {
            await Task.Delay(50);
            log = (await Json(await Admin.GetAsync($"/webhooks/{id}/deliveries")))["items"]!.AsArray();
        }
        while ((log.Count == 0 || log[0]!["attempts"]!.GetValue<int>() == 0) && DateTime.UtcNow < until);

        Assert.Multiple(() =>
        {
            Assert.That(receiver.Received, Is.Empty, "no connection was made");
            Assert.That(log[0]!["lastStatusCode"], Is.Null);
            Assert.That(log[0]!["lastError"]!.GetValue<string>(), Does.Contain("public address"));
            Assert.That(log[0]!["status"]!.GetValue<string>(), Is.EqualTo("pending"), "it is retried: DNS may change back");
        });
    }

    [TestCase("8.8.8.8", true)]
    [TestCase("93.184.215.14", true)]
    [TestCase("2606:4700::1111", true)]
    [TestCase("127.0.0.1", false)]
    [TestCase("10.0.0.1", false)]
    [TestCase("172.31.255.255", false)]
    [TestCase("172.32.0.1", true)]
    [TestCase("192.0.2.1", false)]
    [TestCase("198.18.0.1", false)]
    [TestCase("224.0.0.1", false)]
    [TestCase("255.255.255.255", false)]
    [TestCase("::", false)]
    [TestCase("::ffff:10.0.0.1", false)]
    [TestCase("64:ff9b::a00:1", false)]
    [TestCase("fc00::1", false)]
    [TestCase("ff02::1", false)]
    [TestCase("2001:db8::1", false)]
    [TestCase("64:ff9b:1::7f00:1", false)]
    [TestCase("2002:7f00:1::", false)]
    [TestCase("2002:0808:0808::", true)]
    [TestCase("2001:0:4136:e378::1", false)]
    [TestCase("100::1", false)]
    public void IsPublic_ClassifiesAddresses(string address, bool expected) =>
        Assert.That(DestinationGuard.IsPublic(IPAddress.Parse(address)), Is.EqualTo(expected));
}
