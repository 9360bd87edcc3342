using EventScheduler.Api.Features.Programme;
using EventScheduler.Api.Storage;
using Microsoft.Extensions.Options;

namespace EventScheduler.Tests.Api.Programme;

/// <summary>The hub's heartbeat without HTTP: it queues the keep-alive in idle listeners' channels only, so a listener
/// waits on nothing but its own channel and a busy or full one is neither padded nor closed.</summary>
public sealed class LiveFeedHubTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Test]
    public async Task Heartbeat_WhenListenerIsIdle_QueuesKeepAlive()
    {
        using var hub = Hub(buffer: 4);
        using var listener = hub.Subscribe(Guid.NewGuid());

        var frame = await listener.Reader.ReadAsync().AsTask().WaitAsync(Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(frame.IsKeepAlive, Is.True);
            Assert.That(System.Text.Encoding.UTF8.GetString(frame.Bytes.Span), Is.EqualTo(": keep-alive\n\n"));
        });
    }

    [Test]
    public async Task Heartbeat_WhenListenerHasEventsQueued_AddsNothingAndKeepsItOpen()
    {
        using var hub = Hub(buffer: 3);
        var meeting = Guid.NewGuid();
        using var busy = hub.Subscribe(meeting);
        hub.Publish(new LiveEvent(1, meeting, "{}"));
        hub.Publish(new LiveEvent(2, meeting, "{}"));
        // A barrier: an idle listener of the same meeting sees two beats, so the first beat has passed over the busy one.
        using var idle = hub.Subscribe(meeting);
        await DrainUntilKeepAliveAsync(idle);
        await DrainUntilKeepAliveAsync(idle);

        var queued = new List<LiveFrame>();
        while (busy.Reader.TryRead(out var frame))
        {
            queued.Add(frame);
        }

        Assert.Multiple(() =>
        {
            // A beat may fall between subscribing and the first event; none may follow an event still queued.
            Assert.That(queued.SkipWhile(f => f.IsKeepAlive).Select(f => f.Id), Is.EqualTo(new long[] { 1, 2 }),
                "the events, and no keep-alive between or after them");
            Assert.That(busy.Reader.Completion.IsCompleted, Is.False, "still open");
        });
    }

    private static LiveFeedHub Hub(int buffer) =>
        new(Options.Create(new LiveFeedOptions { HeartbeatSeconds = 0.05, BufferPerListener = buffer }), TimeProvider.System);

    private static async Task DrainUntilKeepAliveAsync(LiveFeedHub.Subscription listener)
    {
        while (!(await listener.Reader.ReadAsync().AsTask().WaitAsync(Timeout)).IsKeepAlive)
        {
        }
    }
}
