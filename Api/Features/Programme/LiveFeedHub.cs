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

/// <summary>In-process fan-out of committed live status changes to the live feed's listeners: each
/// listener has its own bounded channel, so listening costs no database reads. A listener that
/// cannot keep up is closed; its client reconnects with Last-Event-ID and replays from the history.</summary>
public sealed class LiveFeedHub(Microsoft.Extensions.Options.IOptions<LiveFeedOptions> options)
{
    private readonly Dictionary<Guid, HashSet<Channel<LiveEvent>>> _listeners = [];
    private readonly Lock _gate = new();

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
        var channel = Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(Math.Max(1, options.Value.BufferPerListener))
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
        Channel<LiveEvent>[] targets;
        lock (_gate)
        {
            if (!_listeners.TryGetValue(liveEvent.MeetingId, out var set))
            {
                return;
            }

            targets = [.. set];
        }

        foreach (var channel in targets)
        {
            if (!channel.Writer.TryWrite(liveEvent))
            {
                channel.Writer.TryComplete();
            }
        }
    }

    private void Remove(Guid meetingId, Channel<LiveEvent> channel)
    {
        lock (_gate)
        {
            if (_listeners.TryGetValue(meetingId, out var set) && set.Remove(channel) && set.Count == 0)
            {
                _listeners.Remove(meetingId);
            }
        }
    }

    public sealed class Subscription(LiveFeedHub hub, Guid meetingId, Channel<LiveEvent> channel) : IDisposable
    {
        public ChannelReader<LiveEvent> Reader => channel.Reader;

        public void Dispose()
        {
            channel.Writer.TryComplete();
            hub.Remove(meetingId, channel);
        }
    }
}
