using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;

// Usage: SseListeners <base-url> <meeting-id> <slot-id> <organiser-key> <listeners> <rounds> <server-pid> [connect-parallelism]
// Opens <listeners> HTTP/1.1 connections to GET /meetings/{id}/live (at most [connect-parallelism] connecting at
// once), waits until every one has its ": connected" line, then <rounds> times changes the slot's live status
// and records, per listener, how long after the change request was sent its event arrived.
// Prints one line per round and a final "RESULT ..." line for the script.
var baseUri = new Uri(args[0]);
var meetingId = args[1];
var slotId = args[2];
var key = args[3];
var count = int.Parse(args[4], CultureInfo.InvariantCulture);
var rounds = int.Parse(args[5], CultureInfo.InvariantCulture);
var serverPid = int.Parse(args[6], CultureInfo.InvariantCulture);
var parallelism = args.Length > 7 ? int.Parse(args[7], CultureInfo.InvariantCulture) : 200;
// H2_URL (e.g. http://127.0.0.1:5099, an endpoint with Protocols=Http2): the listeners are HTTP/2 streams opened with
// prior knowledge, multiplexed over as many connections as the server's MaxStreamsPerConnection requires.
var h2Url = Environment.GetEnvironmentVariable("H2_URL");
using var h2 = string.IsNullOrEmpty(h2Url) ? null : new HttpClient(new SocketsHttpHandler
{
    EnableMultipleHttp2Connections = true,
    PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
})
{
    BaseAddress = new Uri(h2Url),
    DefaultRequestVersion = HttpVersion.Version20,
    DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    Timeout = Timeout.InfiniteTimeSpan,
};
var rssBefore = ServerMemory.Read(serverPid, "VmRSS");

var endpoint = new IPEndPoint(IPAddress.Parse(baseUri.Host), baseUri.Port);
var request = Encoding.ASCII.GetBytes(
    $"GET /meetings/{meetingId}/live HTTP/1.1\r\nHost: {baseUri.Authority}\r\nAccept: text/event-stream\r\n\r\n");
var connected = Encoding.ASCII.GetBytes(": connected");
var eventMarker = Encoding.ASCII.GetBytes("event: slot.status_changed");

var listeners = new Listener[count];
var clock = Stopwatch.StartNew();
using (var gate = new SemaphoreSlim(parallelism))
{
    var opening = new Task[count];
    for (var i = 0; i < count; i++)
    {
        await gate.WaitAsync();
        var index = i;
        opening[i] = Task.Run(async () =>
        {
            try
            {
                listeners[index] = h2 is null
                    ? await Listener.OpenAsync(endpoint, request, connected)
                    : await Listener.OpenHttp2Async(h2, $"/meetings/{meetingId}/live", connected);
            }
            finally
            {
                gate.Release();
            }
        });
    }

    await Task.WhenAll(opening);
}

var openSeconds = clock.Elapsed.TotalSeconds;
// Settle: the server's per-connection buffers are allocated; then its resident memory is what listeners cost.
await Task.Delay(2000);
var rssConnected = ServerMemory.Read(serverPid, "VmRSS");
var descriptors = Directory.GetFiles($"/proc/{serverPid}/fd").Length;
Console.WriteLine($"server has {descriptors} open descriptors");
Console.WriteLine($"opened {count} listeners in {openSeconds:F1} s; server RSS {rssBefore / 1024.0:F0} MB before, {rssConnected / 1024.0:F0} MB with them");

// From here every listener reads on its own; a round's arrival time per listener is recorded.
var arrivals = new long[count];
var received = 0;
var readers = listeners.Select((l, i) => l.ReadEventsAsync(eventMarker, () =>
{
    Volatile.Write(ref arrivals[i], Stopwatch.GetTimestamp());
    Interlocked.Increment(ref received);
})).ToArray();
Console.WriteLine($"{readers.Length} readers running");

using var http = new HttpClient { BaseAddress = baseUri };
http.DefaultRequestHeaders.Add("X-Api-Key", key);
var statuses = new[] { "live", "interrupted" };
var allLatencies = new List<double>();
var worstP99 = 0.0;
var lost = 0;
for (var round = 0; round < rounds; round++)
{
    Array.Clear(arrivals);
    Volatile.Write(ref received, 0);
    var sentAt = Stopwatch.GetTimestamp();
    using (var response = await http.PostAsJsonAsync($"/meetings/{meetingId}/slots/{slotId}/status", new { status = statuses[round % 2] }))
    {
        if (!response.IsSuccessStatusCode)
        {
            Console.Error.WriteLine($"status change failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return 1;
        }
    }

    var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 30;
    while (Volatile.Read(ref received) < count && Stopwatch.GetTimestamp() < deadline)
    {
        await Task.Delay(5);
    }

    var latencies = arrivals.Where(a => a != 0).Select(a => (a - sentAt) * 1000.0 / Stopwatch.Frequency).Order().ToArray();
    lost += count - latencies.Length;
    var p50 = Percentile(latencies, 50);
    var p99 = Percentile(latencies, 99);
    worstP99 = Math.Max(worstP99, p99);
    allLatencies.AddRange(latencies);
    Console.WriteLine($"round {round + 1}: delivered {latencies.Length}/{count}, p50 {p50:F0} ms, p99 {p99:F0} ms, max {latencies.LastOrDefault():F0} ms");
    // Let the server settle before the next change (the previous round's writes are all flushed by now).
    await Task.Delay(1000);
}

// Still healthy with every listener open?
var healthClock = Stopwatch.StartNew();
string health;
try
{
    using var healthResponse = await http.GetAsync("/health");
    health = $"{(int)healthResponse.StatusCode}";
}
catch (HttpRequestException ex)
{
    health = "failed:" + ex.HttpRequestError;
}

Console.WriteLine($"/health answered {health} in {healthClock.ElapsedMilliseconds} ms with {count} listeners open");
var all = allLatencies.Order().ToArray();
var peak = ServerMemory.Read(serverPid, "VmHWM");
var perListener = (rssConnected - rssBefore) * 1024.0 / count;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"RESULT listeners={count} rounds={rounds} open_s={openSeconds:F1} p50_ms={Percentile(all, 50):F0} p99_ms={Percentile(all, 99):F0} worst_round_p99_ms={worstP99:F0} max_ms={all.LastOrDefault():F0} lost={lost} rss_before_mb={rssBefore / 1024.0:F0} rss_connected_mb={rssConnected / 1024.0:F0} peak_rss_mb={peak / 1024.0:F0} bytes_per_listener={perListener:F0} health={health} health_ms={healthClock.ElapsedMilliseconds} server_fds={descriptors} protocol={(h2 is null ? "http1" : "h2")}"));
foreach (var listener in listeners)
{
    listener.Dispose();
}

return lost == 0 ? 0 : 2;

static double Percentile(double[] sorted, double p) =>
    sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

/// <summary>The server's memory as /proc states it (KiB).</summary>
internal static class ServerMemory
{
    public static long Read(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}

/// <summary>One SSE listener: a socket and a 1 KiB buffer; looks for the event line in what arrives.</summary>
internal sealed class Listener(Stream stream, IDisposable owner) : IDisposable
{
    private readonly byte[] _buffer = new byte[1024];

    public static async Task<Listener> OpenAsync(IPEndPoint endpoint, byte[] request, byte[] connected)
    {
        for (var attempt = 1; ; attempt++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(endpoint);
                await socket.SendAsync(request);
                var listener = new Listener(new NetworkStream(socket, ownsSocket: true), socket);
                await listener.ReadUntilAsync(connected);
                return listener;
            }
            catch (SocketException) when (attempt < 5)
            {
                socket.Dispose();
                await Task.Delay(100 * attempt);
            }
        }
    }

    public static async Task<Listener> OpenHttp2Async(HttpClient client, string path, byte[] connected)
    {
        var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var listener = new Listener(await response.Content.ReadAsStreamAsync(), response);
        await listener.ReadUntilAsync(connected);
        return listener;
    }

    private async Task ReadUntilAsync(byte[] marker)
    {
        var seen = 0;
        while (true)
        {
            var n = await stream.ReadAsync(_buffer);
            if (n == 0)
            {
                throw new SocketException((int)SocketError.ConnectionReset);
            }

            if (Contains(_buffer.AsSpan(0, n), marker, ref seen))
            {
                return;
            }
        }
    }

    public async Task ReadEventsAsync(byte[] marker, Action arrived)
    {
        var seen = 0;
        try
        {
            while (true)
            {
                var n = await stream.ReadAsync(_buffer);
                if (n == 0)
                {
                    return;
                }

                if (Contains(_buffer.AsSpan(0, n), marker, ref seen))
                {
                    arrived();
                }
            }
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (IOException)
        {
        }
        catch (HttpRequestException)
        {
        }
    }

    /// <summary>Finds <paramref name="marker"/> across reads: <paramref name="seen"/> carries how much of it
    /// ended the previous chunk.</summary>
    private static bool Contains(ReadOnlySpan<byte> chunk, byte[] marker, ref int seen)
    {
        var found = false;
        foreach (var b in chunk)
        {
            seen = b == marker[seen] ? seen + 1 : (b == marker[0] ? 1 : 0);
            if (seen == marker.Length)
            {
                found = true;
                seen = 0;
            }
        }

        return found;
    }

    public void Dispose()
    {
        stream.Dispose();
        owner.Dispose();
    }
}
