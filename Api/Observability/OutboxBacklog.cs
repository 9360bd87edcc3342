using System.Collections.Concurrent;
using EventScheduler.Api.Storage;

namespace EventScheduler.Api.Observability;

/// <summary>The latest backlog sample of each outbox, read by the gauges at scrape time (a scrape never waits for the
/// database).</summary>
public sealed class OutboxBacklog
{
    public const string Webhooks = "webhooks";
    public const string Mail = "mail";

    private readonly ConcurrentDictionary<string, OutboxBacklogSample> _samples = new(StringComparer.Ordinal);

    public void Set(string outbox, OutboxBacklogSample sample) => _samples[outbox] = sample;

    public IReadOnlyCollection<KeyValuePair<string, OutboxBacklogSample>> Samples => _samples.ToArray();
}
