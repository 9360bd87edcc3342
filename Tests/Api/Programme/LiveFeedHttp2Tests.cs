using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace EventScheduler.Tests.Api.Programme;

/// <summary>The live feed over cleartext HTTP/2 (prior knowledge) on Kestrel, as a reverse proxy that multiplexes
/// many feeds on one connection would open it (README: an endpoint with Protocols=Http2).</summary>
public sealed class LiveFeedHttp2Tests : ProgrammeTestBase
{
    // HTTP/1.1 for the fixture's clients, as README's configuration keeps it, and an HTTP/2-only endpoint beside it.
    private readonly int _h2Port = FreePort();

    protected override void ConfigureFactory(ApiFactory factory) =>
        factory.UseKestrel(o =>
        {
            // The fixture's clients take the address the server reports last (as observed): the HTTP/1.1 one goes last.
            o.Listen(IPAddress.Loopback, _h2Port, l => l.Protocols = HttpProtocols.Http2);
            o.Listen(IPAddress.Loopback, 0);
        });

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    [Test]
    public async Task Live_WhenStreamsShareOneHttp2Connection_EachReceivesTheEvent()
    {
        var m = await NewMeetingAsync(publish: true);
        var slot = await CreateSlotAsync(m.Id, Case(m, 0, 120, await CreateFacultyAsync(), m.HostHospitalId));
        using var h2 = new HttpClient
        {
            BaseAddress = new Uri($"http://127.0.0.1:{_h2Port}"),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        var streams = new List<(HttpResponseMessage Response, StreamReader Reader)>();
        for (var i = 0; i < 3; i++)
        {
            var response = await h2.GetAsync($"/meetings/{m.Id}/live", HttpCompletionOption.ResponseHeadersRead);
            streams.Add((response, new StreamReader(await response.Content.ReadAsStreamAsync())));
        }

        try
        {
            foreach (var (response, reader) in streams)
            {
                Assert.That(response.Version, Is.EqualTo(HttpVersion.Version20));
                Assert.That(await ReadUntilAsync(reader, ": connected"), Is.True);
            }

            await Expect(await SetStatusAsync(m.Id, slot, "live", note: "On air"), HttpStatusCode.OK);
            foreach (var (_, reader) in streams)
            {
                Assert.That(await ReadUntilAsync(reader, "event: slot.status_changed"), Is.True);
            }
        }
        finally
        {
            foreach (var (response, reader) in streams)
            {
                reader.Dispose();
                response.Dispose();
            }
        }
    }

    private static async Task<bool> ReadUntilAsync(StreamReader reader, string line)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await reader.ReadLineAsync(timeout.Token) is { } read)
        {
            if (read == line)
            {
                return true;
            }
        }

        return false;
    }
}
