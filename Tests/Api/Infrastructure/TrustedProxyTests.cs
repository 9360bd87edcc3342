using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace EventScheduler.Tests.Api.Infrastructure;

/// <summary>Behind a configured reverse proxy each attendee has a budget of their own (the forwarded client address),
/// and nobody else can choose their address by sending the header.</summary>
public sealed class TrustedProxyTests : ApiTestBase
{
    private const string Proxy = "10.9.9.9";

    // The test server has no TCP peer: this header stands in for the connection's remote address.
    private const string PeerHeader = "X-Test-Peer";

    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["RateLimiting:Enabled"] = "true",
        ["RateLimiting:AnonymousRead:PermitLimit"] = "2",
        ["RateLimiting:AnonymousRead:Window"] = "00:10:00",
        ["ForwardedHeaders:KnownProxies"] = Proxy,
    };

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IStartupFilter, PeerFromHeader>();

    private Task<HttpResponseMessage> ReadAsync(string peer, string? forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/meetings");
        request.Headers.Add(PeerHeader, peer);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return Anonymous.SendAsync(request);
    }

    [Test]
    public async Task Reads_ThroughTheKnownProxy_CountPerForwardedClient()
    {
        await Expect(await ReadAsync(Proxy, "203.0.113.1"), HttpStatusCode.OK);
        await Expect(await ReadAsync(Proxy, "203.0.113.1"), HttpStatusCode.OK);
        await ExpectProblem(await ReadAsync(Proxy, "203.0.113.1"), HttpStatusCode.TooManyRequests, "rate_limited");

        await Expect(await ReadAsync(Proxy, "203.0.113.2"), HttpStatusCode.OK);
    }

    [Test]
    public async Task Reads_FromAnUnknownPeer_IgnoreItsForwardedHeader()
    {
        await Expect(await ReadAsync("198.51.100.7", "203.0.113.50"), HttpStatusCode.OK);
        await Expect(await ReadAsync("198.51.100.7", "203.0.113.51"), HttpStatusCode.OK);

        // Both counted as the peer itself: a made-up header buys no second budget.
        await ExpectProblem(await ReadAsync("198.51.100.7", "203.0.113.52"), HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [TestCase("ForwardedHeaders:KnownProxies", "10.0.0.300", "KnownProxies")]
    [TestCase("ForwardedHeaders:KnownNetworks", "10.0.0.0/99", "KnownNetworks")]
    public void Start_WhenAProxySettingIsMistyped_FailsNamingTheSetting(string key, string value, string named)
    {
        var error = Assert.Throws<InvalidOperationException>(() => EventScheduler.Api.ApiApplication.Build([$"--{key}={value}"]));
        Assert.That(error!.Message, Does.Contain(named).And.Contain(value));
    }

    private sealed class PeerFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                if (context.Request.Headers.TryGetValue(PeerHeader, out var peer))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(peer.ToString());
                }

                return following(context);
            });
            next(app);
        };
    }
}
