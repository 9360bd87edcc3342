using Dapper;

namespace EventScheduler.Api.Storage;

/// <summary>How much an outbox still has to send, and since when the oldest of it waits.</summary>
/// <param name="Count">Messages not yet delivered (pending, or being sent).</param>
/// <param name="OldestAt">When the oldest of them was recorded (Unix ms), null when there is none.</param>
public readonly record struct OutboxBacklogSample(long Count, long? OldestAt);

/// <summary>Reads the outbox backlogs for the metrics. Webhooks: pending deliveries (by the partial index of pending
/// rows, so the cost follows the backlog, not the history) plus changes the fan-out has not reached yet while an
/// active subscription would receive them. Mail: messages pending or being handed to the SMTP server (the partial
/// indexes of both states), including reminders not yet due.</summary>
public sealed class OutboxBacklogReader(Database db)
{
    private const string WebhooksSql = """
        SELECT
            (SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'pending') AS Pending,
            (SELECT MIN(created_at) FROM webhook_deliveries WHERE status = 'pending') AS OldestPending,
            (SELECT COUNT(*) FROM changes WHERE seq > COALESCE((SELECT seq FROM change_cursors WHERE name = @Cursor), 0)
                AND EXISTS (SELECT 1 FROM webhook_subscriptions WHERE status = 'active')) AS Unfanned,
            (SELECT MIN(occurred_at) FROM changes WHERE seq = COALESCE((SELECT seq FROM change_cursors WHERE name = @Cursor), 0) + 1
                AND EXISTS (SELECT 1 FROM webhook_subscriptions WHERE status = 'active')) AS OldestUnfanned
        """;

    private const string MailSql = """
        SELECT
            (SELECT COUNT(*) FROM email_outbox WHERE state = 'pending' AND not_before <= @Now) AS Pending,
            (SELECT MIN(not_before) FROM email_outbox WHERE state = 'pending' AND not_before <= @Now) AS OldestPending,
            (SELECT COUNT(*) FROM email_outbox WHERE state = 'sending') AS Sending,
            (SELECT MIN(not_before) FROM email_outbox WHERE state = 'sending') AS OldestSending
        """;

    /// <summary>Mail that may be sent now and is not sent yet, retries waiting for their back-off included (a reminder
    /// for next week is no backlog); its age counts from when it could first have been sent.</summary>
    public async Task<OutboxBacklogSample> MailAsync(long now, CancellationToken ct)
    {
        var row = await db.ReadAsync(c => c.QuerySingleAsync<(long Pending, long? OldestPending, long Sending, long? OldestSending)>(
            new CommandDefinition(MailSql, new { Now = now }, cancellationToken: ct)), ct);
        return new OutboxBacklogSample(row.Pending + row.Sending, Oldest(row.OldestPending, row.OldestSending));
    }

    private static long? Oldest(long? a, long? b) => (a, b) switch
    {
        ({ } x, { } y) => Math.Min(x, y),
        _ => a ?? b,
    };

    public async Task<OutboxBacklogSample> WebhooksAsync(CancellationToken ct)
    {
        var row = await db.ReadAsync(c => c.QuerySingleAsync<(long Pending, long? OldestPending, long Unfanned, long? OldestUnfanned)>(
            new CommandDefinition(WebhooksSql, new { Cursor = WebhookOutbox.FanOutCursor }, cancellationToken: ct)), ct);
        return new OutboxBacklogSample(row.Pending + row.Unfanned, Oldest(row.OldestPending, row.OldestUnfanned));
    }
}
