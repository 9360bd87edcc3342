using Dapper;

namespace EventScheduler.Api.Storage;

/// <summary>The webhook worker's queue: committed changes fanned out to pending deliveries, claimed with a
/// lease, settled per attempt, pruned when old. Claims live in the database, so several processes may share it.</summary>
public sealed class WebhookOutbox(Database db)
{
    public const string FanOutCursor = "webhooks";

    private const string PendingFanOutSql = """
        SELECT (SELECT COALESCE(MAX(seq), 0) FROM changes) > COALESCE((SELECT seq FROM change_cursors WHERE name = @Name), 0)
        """;

    private const string CursorSql = "SELECT COALESCE((SELECT seq FROM change_cursors WHERE name = @Name), 0)";

    private const string BatchEndSql = "SELECT MAX(seq) FROM (SELECT seq FROM changes WHERE seq > @After ORDER BY seq LIMIT @Batch) batch";

    /// <summary>Whether subscription <c>s</c> asked for change <c>c</c>: an exact type, "*", or "entity.*"
    /// (the patterns the webhook subscription endpoint accepts). The suffix is taken from length - 1, not with SQLite's
    /// negative start (substr(x, -2)), which PostgreSQL reads differently.</summary>
    private const string TypeMatchSql = """
        EXISTS (SELECT 1 FROM json_each(s.event_types) t
                WHERE t.value = '*' OR t.value = c.type
                   OR (substr(t.value, length(t.value) - 1) = '.*' AND substr(c.type, 1, length(t.value) - 1) = substr(t.value, 1, length(t.value) - 1)))
        """;

    // Every (change, subscription) pair in the batch that the subscription may see and asked for.
    private static readonly string FanOutPairsSql = $"""
        SELECT c.seq AS Seq, c.type AS Type, s.id AS SubscriptionId
        FROM changes c
        JOIN webhook_subscriptions s ON s.status = 'active' AND c.seq > s.start_after_seq
        WHERE c.seq > @After AND c.seq <= @UpTo
          AND {TypeMatchSql}
          AND {ChangeScope.Sql("s.hospital_id", "0")}
        ORDER BY c.seq, s.id
        """;

    // A redone batch (crash before the cursor moved) finds its deliveries there already.
    private const string InsertDeliverySql = """
        INSERT INTO webhook_deliveries (id, subscription_id, change_seq, event_type, status, attempts, created_at,
            next_attempt_at, retry_until)
        VALUES (@Id, @SubscriptionId, @Seq, @Type, 'pending', 0, @Now, @Now, @RetryUntil)
        ON CONFLICT (subscription_id, change_seq) DO NOTHING
        """;

    private const string SaveCursorSql = """
        INSERT INTO change_cursors (name, seq, updated_at) VALUES (@Name, @Seq, @Now)
        ON CONFLICT (name) DO UPDATE SET seq = excluded.seq, updated_at = excluded.updated_at
        """;

    private const string NextDueSql = "SELECT MIN(next_attempt_at) FROM webhook_deliveries WHERE status = 'pending'";

    private const string DueSql = """
        SELECT d.id, d.subscription_id AS SubscriptionId, d.attempts, d.retry_until AS RetryUntil, s.url, s.secret,
               c.seq, c.occurred_at AS OccurredAt, c.entity, c.entity_id AS EntityId, c.type, c.version,
               c.meeting_id AS MeetingId, c.hospital_id AS HospitalId, c.payload, c.trace_parent AS TraceParent
        FROM webhook_deliveries d
        JOIN webhook_subscriptions s ON s.id = d.subscription_id
        JOIN changes c ON c.seq = d.change_seq
        WHERE d.status = 'pending' AND d.next_attempt_at <= @Now AND s.status = 'active'
        ORDER BY d.next_attempt_at, d.change_seq
        LIMIT @Limit
        """;

    private const string LeaseSql = "UPDATE webhook_deliveries SET next_attempt_at = @Until WHERE id IN (SELECT value FROM json_each(@Ids))";

    private const string ReleaseSql = "UPDATE webhook_deliveries SET next_attempt_at = @At WHERE id IN (SELECT value FROM json_each(@Ids)) AND status = 'pending'";

    private const string RecordDeliverySql = """
        UPDATE webhook_deliveries
        SET attempts = @Attempt, last_attempt_at = @StartedAt, last_status_code = @StatusCode, last_error = @Error,
            status = @Status, next_attempt_at = @NextAttemptAt,
            delivered_at = CASE WHEN @Status = 'succeeded' THEN @StartedAt + @DurationMs ELSE delivered_at END
        WHERE id = @DeliveryId AND status = 'pending'
        """;

    private const string InsertAttemptSql = """
        INSERT INTO webhook_attempts (delivery_id, attempt, started_at, duration_ms, status_code, error)
        VALUES (@DeliveryId, @Attempt, @StartedAt, @DurationMs, @StatusCode, @Error)
        ON CONFLICT (delivery_id, attempt) DO UPDATE SET started_at = excluded.started_at, duration_ms = excluded.duration_ms,
            status_code = excluded.status_code, error = excluded.error
        """;

    private const string DisableSql = """
        UPDATE webhook_subscriptions SET status = 'disabled', disabled_reason = @Reason, updated_at = @Now
        WHERE id = (SELECT subscription_id FROM webhook_deliveries WHERE id = @DeliveryId);
        UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL, last_error = COALESCE(last_error, @Reason)
        WHERE status = 'pending' AND subscription_id = (SELECT subscription_id FROM webhook_deliveries WHERE id = @DeliveryId);
        """;

    private const string PruneSql = """
        DELETE FROM webhook_deliveries
        WHERE status IN ('succeeded', 'failed') AND COALESCE(last_attempt_at, created_at) < @Before
        """;

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
            var start = DateTimeOffset.FromUnixTimeMilliseconds(now);
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
                await c.ExecuteAsync(new CommandDefinition(LeaseSql, new { Until = leaseUntil, Ids = SqlList.Json(due.Select(d => d.Id)) }, tx, cancellationToken: ct));
            }

            return due;
        }, ct);
    }

    /// <summary>Gives claimed deliveries back, due at <paramref name="at"/>, without counting an attempt.</summary>
    public Task ReleaseAsync(IReadOnlyCollection<string> deliveryIds, long at, CancellationToken ct) =>
        deliveryIds.Count == 0
            ? Task.CompletedTask
            : db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(ReleaseSql, new { Ids = SqlList.Json(deliveryIds), At = at }, tx, cancellationToken: ct)), ct);

    /// <summary>Settles one attempt: the delivery's state, its attempt log, and on 410 Gone the subscription disabled.</summary>
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

    /// <summary>Deletes finished deliveries (and their attempts) last touched before <paramref name="before"/>.</summary>
    public Task<int> PruneAsync(long before, CancellationToken ct) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(PruneSql, new { Before = before }, tx, cancellationToken: ct)), ct);

    private const string BacklogSql = """
        SELECT (SELECT COALESCE(MAX(seq), 0) FROM changes) AS LastChangeSeq,
               COALESCE((SELECT seq FROM change_cursors WHERE name = @Name), 0) AS FanOutPosition,
               (SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'pending' AND (@SubscriptionId IS NULL OR subscription_id = @SubscriptionId)) AS Pending
        """;

    /// <summary>How far behind the worker is, from one snapshot: changes not yet fanned out, and deliveries
    /// still pending (due, leased or waiting for a retry), of one subscription or of all. When the fan-out
    /// position has reached the last change and nothing is pending, nothing more will be sent.</summary>
    public Task<WebhookBacklog> BacklogAsync(string? subscriptionId, CancellationToken ct) =>
        db.ReadAsync(c => c.QuerySingleAsync<WebhookBacklog>(new CommandDefinition(BacklogSql,
            new { Name = FanOutCursor, SubscriptionId = subscriptionId }, cancellationToken: ct)), ct);

    /// <summary>The last change seq fanned out to deliveries.</summary>
    public Task<long> FanOutPositionAsync(CancellationToken ct) =>
        db.ReadAsync(c => c.ExecuteScalarAsync<long>(new CommandDefinition(CursorSql, new { Name = FanOutCursor }, cancellationToken: ct)), ct);
}

public sealed record WebhookBacklog(long LastChangeSeq, long FanOutPosition, long Pending)
{
    public bool IsSettled => FanOutPosition >= LastChangeSeq && Pending == 0;
}
