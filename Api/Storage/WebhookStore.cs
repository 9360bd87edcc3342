using Dapper;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Integration;

namespace EventScheduler.Api.Storage;

public sealed class WebhookSubscriptionRow
{
    public required string Id { get; init; }
    public required string Url { get; init; }
    public string? Description { get; init; }
    public required string EventTypes { get; init; }
    public string? HospitalId { get; init; }
    public required string Secret { get; init; }
    public required string Status { get; init; }
    public string? DisabledReason { get; init; }
    public long StartAfterSeq { get; init; }
    public long CreatedAt { get; init; }
    public long UpdatedAt { get; init; }
}

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

/// <summary>A delivery the worker has claimed, with what it needs to send it.</summary>
public sealed class DueDelivery
{
    public string Id { get; init; } = "";
    public string SubscriptionId { get; init; } = "";
    public long Attempts { get; init; }
    public long RetryUntil { get; init; }
    public string Url { get; init; } = "";
    public string Secret { get; init; } = "";
    public long Seq { get; init; }
    public long OccurredAt { get; init; }
    public string Entity { get; init; } = "";
    public string EntityId { get; init; } = "";
    public string Type { get; init; } = "";
    public long Version { get; init; }
    public string? MeetingId { get; init; }
    public string? HospitalId { get; init; }
    public string Payload { get; init; } = "{}";

    public ChangeRow Change => new()
    {
        Seq = Seq, OccurredAt = OccurredAt, Entity = Entity, EntityId = EntityId, Type = Type, Version = Version,
        MeetingId = MeetingId, HospitalId = HospitalId, Payload = Payload,
    };
}

public enum AttemptOutcome
{
    Succeeded,
    Retry,
    GaveUp,
    Gone,
}

public sealed record AttemptResult(string DeliveryId, long Attempt, long StartedAt, long DurationMs, int? StatusCode, string? Error,
    AttemptOutcome Outcome, long? NextAttemptAt);

public sealed class WebhookStore(Database db)
{
    public const string FanOutCursor = "webhooks";

    private const string SubscriptionColumns = """
        SELECT id, url, description, event_types AS EventTypes, hospital_id AS HospitalId, secret, status,
               disabled_reason AS DisabledReason, start_after_seq AS StartAfterSeq, created_at AS CreatedAt, updated_at AS UpdatedAt
        FROM webhook_subscriptions
        """;

    private const string InsertSubscriptionSql = """
        INSERT INTO webhook_subscriptions (id, url, description, event_types, hospital_id, secret, status, disabled_reason,
            start_after_seq, created_at, updated_at)
        VALUES (@Id, @Url, @Description, @EventTypes, @HospitalId, @Secret, @Status, NULL,
            (SELECT COALESCE(MAX(seq), 0) FROM changes), @CreatedAt, @UpdatedAt)
        """;

    private const string HospitalExistsSql = "SELECT EXISTS (SELECT 1 FROM hospitals WHERE id = @Id)";

    private const string SubscriptionByIdSql = SubscriptionColumns + " WHERE id = @Id";

    private const string ListSubscriptionsSql = SubscriptionColumns + " WHERE (@After IS NULL OR id > @After) ORDER BY id LIMIT @Limit";

    private const string DeleteSubscriptionSql = "DELETE FROM webhook_subscriptions WHERE id = @Id";

    private const string DeliveryColumns = """
        SELECT id, subscription_id AS SubscriptionId, change_seq AS ChangeSeq, event_type AS EventType, status, attempts,
               created_at AS CreatedAt, next_attempt_at AS NextAttemptAt, retry_until AS RetryUntil,
               last_attempt_at AS LastAttemptAt, last_status_code AS LastStatusCode, last_error AS LastError,
               delivered_at AS DeliveredAt
        FROM webhook_deliveries
        """;

    // Newest first: the log is read to see what just happened.
    private const string ListDeliveriesSql = DeliveryColumns + """
         WHERE subscription_id = @SubscriptionId
           AND (@Status IS NULL OR status = @Status)
           AND (@Before IS NULL OR id < @Before)
         ORDER BY id DESC
         LIMIT @Limit
        """;

    private const string DeliveryByIdSql = DeliveryColumns + " WHERE id = @Id AND subscription_id = @SubscriptionId";

    private const string AttemptsForSql = """
        SELECT delivery_id AS DeliveryId, attempt, started_at AS StartedAt, duration_ms AS DurationMs, status_code AS StatusCode, error
        FROM webhook_attempts WHERE delivery_id IN @Ids ORDER BY delivery_id, attempt
        """;

    private const string RedeliverSql = """
        UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = @Now, retry_until = @RetryUntil
        WHERE id = @Id AND subscription_id = @SubscriptionId
        """;

    private const string PendingFanOutSql = """
        SELECT (SELECT COALESCE(MAX(seq), 0) FROM changes) > COALESCE((SELECT seq FROM change_cursors WHERE name = @Name), 0)
        """;

    private const string CursorSql = "SELECT COALESCE((SELECT seq FROM change_cursors WHERE name = @Name), 0)";

    private const string BatchEndSql = "SELECT MAX(seq) FROM (SELECT seq FROM changes WHERE seq > @After ORDER BY seq LIMIT @Batch)";

    // Every (change, subscription) pair in the batch that the subscription may see and asked for.
    private static readonly string FanOutPairsSql = $"""
        SELECT c.seq AS Seq, c.type AS Type, s.id AS SubscriptionId
        FROM changes c
        JOIN webhook_subscriptions s ON s.status = 'active' AND c.seq > s.start_after_seq
        WHERE c.seq > @After AND c.seq <= @UpTo
          AND {EventTypes.MatchSql}
          AND {ChangeScope.Sql("s.hospital_id", "0")}
        ORDER BY c.seq, s.id
        """;

    private const string InsertDeliverySql = """
        INSERT OR IGNORE INTO webhook_deliveries (id, subscription_id, change_seq, event_type, status, attempts, created_at,
            next_attempt_at, retry_until)
        VALUES (@Id, @SubscriptionId, @Seq, @Type, 'pending', 0, @Now, @Now, @RetryUntil)
        """;

    private const string SaveCursorSql = """
        INSERT INTO change_cursors (name, seq, updated_at) VALUES (@Name, @Seq, @Now)
        ON CONFLICT (name) DO UPDATE SET seq = excluded.seq, updated_at = excluded.updated_at
        """;

    private const string NextDueSql = "SELECT MIN(next_attempt_at) FROM webhook_deliveries WHERE status = 'pending'";

    private const string DueSql = """
        SELECT d.id, d.subscription_id AS SubscriptionId, d.attempts, d.retry_until AS RetryUntil, s.url, s.secret,
               c.seq, c.occurred_at AS OccurredAt, c.entity, c.entity_id AS EntityId, c.type, c.version,
               c.meeting_id AS MeetingId, c.hospital_id AS HospitalId, c.payload
        FROM webhook_deliveries d
        JOIN webhook_subscriptions s ON s.id = d.subscription_id
        JOIN changes c ON c.seq = d.change_seq
        WHERE d.status = 'pending' AND d.next_attempt_at <= @Now AND s.status = 'active'
        ORDER BY d.next_attempt_at, d.change_seq
        LIMIT @Limit
        """;

    private const string LeaseSql = "UPDATE webhook_deliveries SET next_attempt_at = @Until WHERE id IN @Ids";

    private const string ReleaseSql = "UPDATE webhook_deliveries SET next_attempt_at = @At WHERE id IN @Ids AND status = 'pending'";

    private const string RecordDeliverySql = """
        UPDATE webhook_deliveries
        SET attempts = @Attempt, last_attempt_at = @StartedAt, last_status_code = @StatusCode, last_error = @Error,
            status = @Status, next_attempt_at = @NextAttemptAt,
            delivered_at = CASE WHEN @Status = 'succeeded' THEN @StartedAt + @DurationMs ELSE delivered_at END
        WHERE id = @DeliveryId AND status = 'pending'
        """;

    private const string InsertAttemptSql = """
        INSERT OR REPLACE INTO webhook_attempts (delivery_id, attempt, started_at, duration_ms, status_code, error)
        VALUES (@DeliveryId, @Attempt, @StartedAt, @DurationMs, @StatusCode, @Error)
        """;

    private const string DisableSql = """
        UPDATE webhook_subscriptions SET status = 'disabled', disabled_reason = @Reason, updated_at = @Now
        WHERE id = (SELECT subscription_id FROM webhook_deliveries WHERE id = @DeliveryId);
        UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL, last_error = COALESCE(last_error, @Reason)
        WHERE status = 'pending' AND subscription_id = (SELECT subscription_id FROM webhook_deliveries WHERE id = @DeliveryId);
        """;

    /// <summary>Returns false when the hospital does not exist.</summary>
    public Task<bool> InsertSubscriptionAsync(WebhookSubscriptionRow row, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            if (row.HospitalId is not null &&
                !await c.ExecuteScalarAsync<bool>(new CommandDefinition(HospitalExistsSql, new { Id = row.HospitalId }, tx, cancellationToken: ct)))
            {
                return false;
            }

            await c.ExecuteAsync(new CommandDefinition(InsertSubscriptionSql, row, tx, cancellationToken: ct));
            return true;
        }, ct);

    public Task<WebhookSubscriptionRow?> GetSubscriptionAsync(string id, CancellationToken ct) =>
        db.ReadAsync(c => c.QuerySingleOrDefaultAsync<WebhookSubscriptionRow>(new CommandDefinition(SubscriptionByIdSql, new { Id = id }, cancellationToken: ct)), ct);

    public Task<IReadOnlyList<WebhookSubscriptionRow>> ListSubscriptionsAsync(string? after, int limit, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<WebhookSubscriptionRow>>(async c =>
            (await c.QueryAsync<WebhookSubscriptionRow>(new CommandDefinition(ListSubscriptionsSql, new { After = after, Limit = limit }, cancellationToken: ct))).AsList(), ct);

    /// <summary>Deletes the subscription with its delivery log. Returns false when there is none.</summary>
    public Task<bool> DeleteSubscriptionAsync(string id, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) => await c.ExecuteAsync(new CommandDefinition(DeleteSubscriptionSql, new { Id = id }, tx, cancellationToken: ct)) > 0, ct);

    public Task<(IReadOnlyList<WebhookDeliveryRow> Deliveries, ILookup<string, WebhookAttemptRow> Attempts)> ListDeliveriesAsync(
        string subscriptionId, string? status, string? before, int limit, CancellationToken ct) =>
        db.ReadAsync<(IReadOnlyList<WebhookDeliveryRow>, ILookup<string, WebhookAttemptRow>)>(async c =>
        {
            await using var tx = c.BeginTransaction(deferred: true);
            var rows = (await c.QueryAsync<WebhookDeliveryRow>(new CommandDefinition(ListDeliveriesSql,
                new { SubscriptionId = subscriptionId, Status = status, Before = before, Limit = limit }, tx, cancellationToken: ct))).AsList();
            var attempts = rows.Count == 0
                ? Array.Empty<WebhookAttemptRow>().ToLookup(a => a.DeliveryId)
                : (await c.QueryAsync<WebhookAttemptRow>(new CommandDefinition(AttemptsForSql, new { Ids = rows.Select(r => r.Id).ToArray() }, tx, cancellationToken: ct)))
                    .ToLookup(a => a.DeliveryId);
            return (rows, attempts);
        }, ct);

    /// <summary>Puts the delivery back in the queue, due now, with a fresh retry window. Null when there is no such delivery.</summary>
    public Task<(WebhookDeliveryRow Delivery, IReadOnlyList<WebhookAttemptRow> Attempts)?> RedeliverAsync(string subscriptionId, string deliveryId, long now, long retryUntil, CancellationToken ct) =>
        db.WriteAsync<(WebhookDeliveryRow, IReadOnlyList<WebhookAttemptRow>)?>(async (c, tx) =>
        {
            var subscription = await c.QuerySingleOrDefaultAsync<WebhookSubscriptionRow>(new CommandDefinition(SubscriptionByIdSql, new { Id = subscriptionId }, tx, cancellationToken: ct))
                ?? throw ApiException.NotFound("Webhook subscription");
            if (subscription.Status != "active")
            {
                throw new ApiException(StatusCodes.Status409Conflict, "webhook_disabled",
                    $"The subscription is disabled ({subscription.DisabledReason}); create a new one to receive deliveries.");
            }

            var args = new { Id = deliveryId, SubscriptionId = subscriptionId, Now = now, RetryUntil = retryUntil };
            if (await c.ExecuteAsync(new CommandDefinition(RedeliverSql, args, tx, cancellationToken: ct)) == 0)
            {
                return null;
            }

            var delivery = await c.QuerySingleAsync<WebhookDeliveryRow>(new CommandDefinition(DeliveryByIdSql, args, tx, cancellationToken: ct));
            var attempts = (await c.QueryAsync<WebhookAttemptRow>(new CommandDefinition(AttemptsForSql, new { Ids = new[] { deliveryId } }, tx, cancellationToken: ct))).AsList();
            return (delivery, attempts);
        }, ct);

    /// <summary>Turns the next batch of committed changes into pending deliveries and moves the cursor past
    /// them, in one transaction: a crash before commit redoes the batch, after it never repeats it.
    /// Returns how many changes were consumed (0: caught up).</summary>
    public async Task<int> FanOutAsync(long now, long retryAge, int batch, CancellationToken ct)
    {
        var pending = await db.ReadAsync(c => c.ExecuteScalarAsync<bool>(new CommandDefinition(PendingFanOutSql, new { Name = FanOutCursor }, cancellationToken: ct)), ct);
        if (!pending)
        {
            return 0;
        }

        return await db.WriteAsync(async (c, tx) =>
        {
            var after = await c.ExecuteScalarAsync<long>(new CommandDefinition(CursorSql, new { Name = FanOutCursor }, tx, cancellationToken: ct));
            var upTo = await c.ExecuteScalarAsync<long?>(new CommandDefinition(BatchEndSql, new { After = after, Batch = batch }, tx, cancellationToken: ct));
            if (upTo is null)
            {
                return 0;
            }

            var pairs = (await c.QueryAsync<(long Seq, string Type, string SubscriptionId)>(new CommandDefinition(FanOutPairsSql,
                new { After = after, UpTo = upTo }, tx, cancellationToken: ct))).AsList();
            var start = Instants.FromMs(now);
            await c.ExecuteAsync(new CommandDefinition(InsertDeliverySql, pairs.Select(p => new
            {
                Id = Guid.CreateVersion7(start).ToString(),
                p.SubscriptionId,
                p.Seq,
                p.Type,
                Now = now,
                RetryUntil = now + retryAge,
            }), tx, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition(SaveCursorSql, new { Name = FanOutCursor, Seq = upTo, Now = now }, tx, cancellationToken: ct));
            return (int)(upTo.Value - after);
        }, ct);
    }

    /// <summary>Claims up to <paramref name="limit"/> due deliveries by pushing their due time to
    /// <paramref name="leaseUntil"/>: if the process dies mid-attempt they come due again then.</summary>
    public async Task<IReadOnlyList<DueDelivery>> ClaimDueAsync(long now, long leaseUntil, int limit, CancellationToken ct)
    {
        var next = await db.ReadAsync(c => c.ExecuteScalarAsync<long?>(new CommandDefinition(NextDueSql, cancellationToken: ct)), ct);
        if (next is null || next > now)
        {
            return [];
        }

        return await db.WriteAsync<IReadOnlyList<DueDelivery>>(async (c, tx) =>
        {
            var due = (await c.QueryAsync<DueDelivery>(new CommandDefinition(DueSql, new { Now = now, Limit = limit }, tx, cancellationToken: ct))).AsList();
            if (due.Count > 0)
            {
                await c.ExecuteAsync(new CommandDefinition(LeaseSql, new { Until = leaseUntil, Ids = due.Select(d => d.Id).ToArray() }, tx, cancellationToken: ct));
            }

            return due;
        }, ct);
    }

    /// <summary>Gives claimed deliveries back, due at <paramref name="at"/>, without counting an attempt.</summary>
    public Task ReleaseAsync(IReadOnlyCollection<string> deliveryIds, long at, CancellationToken ct) =>
        deliveryIds.Count == 0
            ? Task.CompletedTask
            : db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(ReleaseSql, new { Ids = deliveryIds.ToArray(), At = at }, tx, cancellationToken: ct)), ct);

    public Task RecordAttemptAsync(AttemptResult result, long now, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var status = result.Outcome switch
            {
                AttemptOutcome.Succeeded => "succeeded",
                AttemptOutcome.Retry => "pending",
                _ => "failed",
            };
            var updated = await c.ExecuteAsync(new CommandDefinition(RecordDeliverySql, new
            {
                result.DeliveryId,
                result.Attempt,
                result.StartedAt,
                result.DurationMs,
                result.StatusCode,
                result.Error,
                Status = status,
                NextAttemptAt = result.Outcome == AttemptOutcome.Retry ? result.NextAttemptAt : null,
            }, tx, cancellationToken: ct));
            if (updated == 0)
            {
                return 0; // deleted meanwhile
            }

            await c.ExecuteAsync(new CommandDefinition(InsertAttemptSql, result, tx, cancellationToken: ct));
            if (result.Outcome == AttemptOutcome.Gone)
            {
                await c.ExecuteAsync(new CommandDefinition(DisableSql,
                    new { result.DeliveryId, Now = now, Reason = "The receiver answered 410 Gone." }, tx, cancellationToken: ct));
            }

            return updated;
        }, ct);

    private const string PruneSql = """
        DELETE FROM webhook_deliveries
        WHERE status IN ('succeeded', 'failed') AND COALESCE(last_attempt_at, created_at) < @Before
        """;

    /// <summary>Deletes finished deliveries (and their attempts) last touched before <paramref name="before"/>.</summary>
    public Task<int> PruneAsync(long before, CancellationToken ct) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(PruneSql, new { Before = before }, tx, cancellationToken: ct)), ct);

    /// <summary>The last change seq fanned out to deliveries.</summary>
    public Task<long> FanOutPositionAsync(CancellationToken ct) =>
        db.ReadAsync(c => c.ExecuteScalarAsync<long>(new CommandDefinition(CursorSql, new { Name = FanOutCursor }, cancellationToken: ct)), ct);
}
