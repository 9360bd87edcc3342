using Dapper;

namespace EventScheduler.Api.Storage;

public sealed class WebhookDeliveryRow
{
    public string Id { get; init; } = "";
    public string SubscriptionId { get; init; } = "";
    public long ChangeSeq { get; init; }
    public string EventType { get; init; } = "";
    public string Status { get; init; } = "";
    public long Attempts { get; init; }
    public long CreatedAt { get; init; }
    public long? NextAttemptAt { get; init; }
    public long RetryUntil { get; init; }
    public long? LastAttemptAt { get; init; }
    public long? LastStatusCode { get; init; }
    public string? LastError { get; init; }
    public long? DeliveredAt { get; init; }
}

public sealed class WebhookAttemptRow
{
    public string DeliveryId { get; init; } = "";
    public long Attempt { get; init; }
    public long StartedAt { get; init; }
    public long DurationMs { get; init; }
    public long? StatusCode { get; init; }
    public string? Error { get; init; }
}

/// <summary>What asking for a redelivery found: no subscription; a disabled one (nothing changed); no such
/// delivery of it; or the delivery, due again now.</summary>
public sealed record Redelivery(WebhookSubscriptionRow? Subscription, WebhookDeliveryRow? Delivery, IReadOnlyList<WebhookAttemptRow> Attempts);

/// <summary>A subscription's deliveries and their attempts as admins read them, and redelivery on request.</summary>
public sealed class WebhookDeliveryLog(Database db)
{
    private const string Columns = """
        SELECT id, subscription_id AS SubscriptionId, change_seq AS ChangeSeq, event_type AS EventType, status, attempts,
               created_at AS CreatedAt, next_attempt_at AS NextAttemptAt, retry_until AS RetryUntil,
               last_attempt_at AS LastAttemptAt, last_status_code AS LastStatusCode, last_error AS LastError,
               delivered_at AS DeliveredAt
        FROM webhook_deliveries
        """;

    // Newest first: the log is read to see what just happened.
    private const string ListSql = Columns + """
         WHERE subscription_id = @SubscriptionId
           AND (@Status IS NULL OR status = @Status)
           AND (@Before IS NULL OR id < @Before)
         ORDER BY id DESC
         LIMIT @Limit
        """;

    private const string ByIdSql = Columns + " WHERE id = @Id AND subscription_id = @SubscriptionId";

    private const string AttemptsForSql = """
        SELECT delivery_id AS DeliveryId, attempt, started_at AS StartedAt, duration_ms AS DurationMs, status_code AS StatusCode, error
        FROM webhook_attempts WHERE delivery_id IN @Ids ORDER BY delivery_id, attempt
        """;

    private const string RedeliverSql = """
        UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = @Now, retry_until = @RetryUntil
        WHERE id = @Id AND subscription_id = @SubscriptionId
        """;

    public Task<(IReadOnlyList<WebhookDeliveryRow> Deliveries, ILookup<string, WebhookAttemptRow> Attempts)> ListAsync(
        string subscriptionId, string? status, string? before, int limit, CancellationToken ct) =>
        db.ReadAsync<(IReadOnlyList<WebhookDeliveryRow>, ILookup<string, WebhookAttemptRow>)>(async c =>
        {
            // One snapshot for both queries: attempts belong to exactly the deliveries listed.
            await using var tx = await db.BeginSnapshotAsync(c, ct);
            var rows = (await c.QueryAsync<WebhookDeliveryRow>(new CommandDefinition(ListSql,
                new { SubscriptionId = subscriptionId, Status = status, Before = before, Limit = limit }, tx, cancellationToken: ct))).AsList();
            var attempts = rows.Count == 0
                ? Array.Empty<WebhookAttemptRow>().ToLookup(a => a.DeliveryId)
                : (await c.QueryAsync<WebhookAttemptRow>(new CommandDefinition(AttemptsForSql, new { Ids = rows.Select(r => r.Id).ToArray() }, tx, cancellationToken: ct)))
                    .ToLookup(a => a.DeliveryId);
            return (rows, attempts);
        }, ct);

    /// <summary>Puts the delivery back in the queue, due now, with a fresh retry window, if its subscription is active.</summary>
    public Task<Redelivery> RedeliverAsync(string subscriptionId, string deliveryId, long now, long retryUntil, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var subscription = await c.QuerySingleOrDefaultAsync<WebhookSubscriptionRow>(
                new CommandDefinition(WebhookSubscriptionStore.ByIdSql, new { Id = subscriptionId }, tx, cancellationToken: ct));
            if (subscription is null || !subscription.IsActive)
            {
                return new Redelivery(subscription, null, []);
            }

            var args = new { Id = deliveryId, SubscriptionId = subscriptionId, Now = now, RetryUntil = retryUntil };
            if (await c.ExecuteAsync(new CommandDefinition(RedeliverSql, args, tx, cancellationToken: ct)) == 0)
            {
                return new Redelivery(subscription, null, []);
            }

            var delivery = await c.QuerySingleAsync<WebhookDeliveryRow>(new CommandDefinition(ByIdSql, args, tx, cancellationToken: ct));
            var attempts = (await c.QueryAsync<WebhookAttemptRow>(new CommandDefinition(AttemptsForSql, new { Ids = new[] { deliveryId } }, tx, cancellationToken: ct))).AsList();
            return new Redelivery(subscription, delivery, attempts);
        }, ct);
}
