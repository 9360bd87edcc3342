using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using EventScheduler.Api.Features.Programme;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;

namespace EventScheduler.Api.Observability;

/// <summary>Gauges read at collection time from the hosts' queues: nothing is counted on the hot path. The instruments
/// are created once per process on <see cref="Telemetry.Meter"/> and read every live host (a service runs one; tests run
/// several after one another). Per-host instruments of one name would share one metric stream in the SDK, which it
/// drops when the first of them goes away.</summary>
public sealed class ServiceGauges : IDisposable
{
    private static readonly ConcurrentDictionary<ServiceGauges, bool> Hosts = new();

    static ServiceGauges()
    {
        Telemetry.Meter.CreateObservableGauge("eventscheduler.registration_writer.queue.length",
            () => Hosts.Keys.Sum(h => (long)h._writer.QueueLength), "{command}", "Registration commands waiting for the writer.");
        Telemetry.Meter.CreateObservableUpDownCounter("eventscheduler.live_feed.listeners",
            () => Hosts.Keys.Sum(h => (long)h._liveFeed.TotalListeners), "{connection}", "Open server-sent-event streams of the live feed.");
        Telemetry.Meter.CreateObservableGauge("eventscheduler.outbox.backlog", () => PerOutbox(h => h.Count, Enumerable.Sum), "{message}",
            "Outbox messages not yet delivered, by eventscheduler.outbox (webhooks, mail).");
        Telemetry.Meter.CreateObservableGauge("eventscheduler.outbox.oldest_age", () => PerOutbox(h => h.AgeSeconds, Enumerable.Max), "s",
            "Age of the oldest undelivered outbox message (0 when none), by eventscheduler.outbox.");
    }

    private readonly RegistrationWriter _writer;
    private readonly LiveFeedHub _liveFeed;
    private readonly OutboxBacklog _backlog;
    private readonly TimeProvider _time;

    public ServiceGauges(RegistrationWriter writer, LiveFeedHub liveFeed, OutboxBacklog backlog, TimeProvider time)
    {
        (_writer, _liveFeed, _backlog, _time) = (writer, liveFeed, backlog, time);
        Hosts[this] = true;
    }

    public void Dispose() => Hosts.TryRemove(this, out _);

    private IEnumerable<(string Outbox, long Count, double AgeSeconds)> Outboxes()
    {
        var now = Instants.ToMs(_time.GetUtcNow());
        return _backlog.Samples.Select(s => (s.Key, s.Value.Count, s.Value.OldestAt is { } at ? Math.Max(0, (now - at) / 1000.0) : 0.0));
    }

    private static IEnumerable<Measurement<T>> PerOutbox<T>(Func<(string Outbox, long Count, double AgeSeconds), T> value, Func<IEnumerable<T>, T> combine)
        where T : struct =>
        Hosts.Keys.SelectMany(h => h.Outboxes())
            .GroupBy(o => o.Outbox)
            .Select(g => new Measurement<T>(combine(g.Select(value)), new KeyValuePair<string, object?>(Telemetry.OutboxTag, g.Key)));
}
