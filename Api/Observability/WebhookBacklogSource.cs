using EventScheduler.Api.Storage;

namespace EventScheduler.Api.Observability;

/// <summary>The webhook outbox: pending deliveries and changes not yet fanned out.</summary>
public sealed class WebhookBacklogSource(OutboxBacklogReader reader) : IOutboxBacklogSource
{
    public string Name => OutboxBacklog.Webhooks;

    public Task<OutboxBacklogSample> SampleAsync(CancellationToken ct) => reader.WebhooksAsync(ct);
}
