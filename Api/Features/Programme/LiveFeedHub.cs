using System.Globalization;
using System.Text;
using System.Threading.Channels;
using EventScheduler.Api.Storage;

namespace EventScheduler.Api.Features.Programme;

public sealed class LiveFeedOptions
{
    public const string Section = "Live";

    /// <summary>Seconds between ": keep-alive" comments on an idle live feed, so proxies keep it open.</summary>
    public double HeartbeatSeconds { get; set; } = 15;

    /// <summary>Events buffered per listener; a listener that falls this far behind is disconnected and replays on reconnect.</summary>
    public int BufferPerListener { get; set; } = 256;
}

/// <summary>One event as the live feed writes it: its id and its SSE frame, encoded once for every listener; or the
/// keep-alive comment the hub's heartbeat puts in an idle listener's channel (<see cref="KeepAlive"/>).</summary>
public sealed record LiveFrame(long Id, ReadOnlyMemory<byte> Bytes)
{
    /// <summary>": keep-alive", so proxies keep an idle feed open. Not an event: it has no id and is never replayed.</summary>
    public static readonly LiveFrame KeepAlive = new(0, Encoding.UTF8.GetBytes(": keep-alive\n\n"));

    public bool IsKeepAlive => ReferenceEquals(this, KeepAlive);

    public static LiveFrame From(long id, string data) =>
        new(id, Encoding.UTF8.GetBytes($"id: {id.ToString(CultureInfo.InvariantCulture)}\nevent: slot.status_changed\ndata: {data}\n\n"));
}

/// <summary>In-process fan-out of committed live status changes to the live feed's listeners: each
/// listener has its own bounded channel, so listening costs no database reads. A listener that
/// cannot keep up is closed; its client reconnects with Last-Event-ID and replays from the history.</summary>
/// <remarks>Shared work, so a listener costs little more than its connection (issue 15: tens of thousands of
/// listeners on one instance): an event's frame is encoded once for all listeners, and one timer of the hub puts
/// the keep-alive into every idle listener's channel, so a listener only ever waits on its own channel. (Before, each
/// listener waited on its channel or a heartbeat task shared by all: with 20,000 listeners that task held 20,000
/// continuations, and every delivery removed its own from the list by a linear search, a quarter of the CPU of a
/// fan-out.)</remarks>
public sealed class LiveFeedHub : IDisposable
{
    private readonly Dictionary<Guid, HashSet<Channel<LiveFrame>>> _listeners = [];
    private readonly Lock _gate = new();
    private readonly Microsoft.Extensions.Options.IOptions<LiveFeedOptions> _options;
    private readonly ITimer _heartbeat;

    public LiveFeedHub(Microsoft.Extensions.Options.IOptions<LiveFeedOptions> options, TimeProvider time)
    {
        _options = options;
        var period = TimeSpan.FromSeconds(Math.Max(0.05, options.Value.HeartbeatSeconds));
        _heartbeat = time.CreateTimer(_ => Beat(), null, period, period);
    }

    public int ListenerCount(Guid meetingId)
    {
        lock (_gate)
        {
            return _listeners.TryGetValue(meetingId, out var set) ? set.Count : 0;
        }
    }

    /// <summary>Open listeners of every meeting (a gauge of the metrics).</summary>
    public int TotalListeners
    {
        get
        {
            lock (_gate)
            {
                return _listeners.Values.Sum(set => set.Count);
            }
        }
    }

    public Subscription Subscribe(Guid meetingId)
    {
        var channel = Channel.CreateBounded<LiveFrame>(new BoundedChannelOptions(Math.Max(1, _options.Value.BufferPerListener))
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        lock (_gate)
        {
            if (!_listeners.TryGetValue(meetingId, out var set))
            {
                _listeners[meetingId] = set = [];
            }

            set.Add(channel);
        }

        return new Subscription(this, meetingId, channel);
    }

    public void Publish(LiveEvent liveEvent)
    {
        Channel<LiveFrame>[] targets;
        lock (_gate)
        {
            if (!_listeners.TryGetValue(liveEvent.MeetingId, out var set))
            {
                return;
            }

            targets = [.. set];
        }

        var frame = LiveFrame.From(liveEvent.Id, liveEvent.Data);
        foreach (var channel in targets)
        {
            if (!channel.Writer.TryWrite(frame))
            {
                channel.Writer.TryComplete();
            }
        }
    }

    public void Dispose() => _heartbeat.Dispose();

    /// <summary>Every heartbeat period: a keep-alive for each listener with nothing waiting to be written (a listener
    /// with frames queued is not idle, and a full channel must not be closed for a comment).</summary>
    private void Beat()
    {
        Channel<LiveFrame>[] targets;
        lock (_gate)
        {
            targets = [.. _listeners.Values.SelectMany(set => set)];
        }

        foreach (var channel in targets)
        {
            if (channel.Reader.Count == 0)
            {
                channel.Writer.TryWrite(LiveFrame.KeepAlive);
            }
        }
    }

    private void Remove(Guid meetingId, Channel<LiveFrame> channel)
    {
        lock (_gate)
        {
            if (_listeners.TryGetValue(meetingId, out var set) && set.Remove(channel) && set.Count == 0)
            {
                _listeners.Remove(meetingId);
            }
        }
    }

    public sealed class Subscription(LiveFeedHub hub, Guid meetingId, Channel<LiveFrame> channel) : IDisposable
    {
        public ChannelReader<LiveFrame> Reader => channel.Reader;

        public void Dispose()
        {
            channel.Writer.TryComplete();
            hub.Remove(meetingId, channel);
        }
    }
}
