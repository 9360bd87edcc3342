using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;

namespace EventScheduler.Api.Observability;

/// <summary>The mail outbox: messages due and not yet sent.</summary>
public sealed class MailBacklogSource(OutboxBacklogReader reader, TimeProvider time) : IOutboxBacklogSource
{
    public string Name => OutboxBacklog.Mail;

    public Task<OutboxBacklogSample> SampleAsync(CancellationToken ct) => reader.MailAsync(Instants.ToMs(time.GetUtcNow()), ct);
}
