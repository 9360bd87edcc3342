using EventScheduler.Api.Storage;

namespace EventScheduler.Api.Observability;

/// <summary>One outbox whose backlog the metrics show.</summary>
public interface IOutboxBacklogSource
{
    string Name { get; }

    Task<OutboxBacklogSample> SampleAsync(CancellationToken ct);
}
