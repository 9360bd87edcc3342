using Dapper;

namespace EventScheduler.Api.Storage;

public sealed class WebhookSubscriptionRow
{
    public required string Id { get; init; }
    public required string Url { get; init; }
    public string? Description { get; init; }

    /// <summary>JSON array of exact types, "entity.*" patterns or "*".</summary>
    public required string EventTypes { get; init; }

    public string? HospitalId { get; init; }
    public required string Secret { get; init; }

    /// <summary>active or disabled.</summary>
    public required string Status { get; init; }

    public string? DisabledReason { get; init; }

    /// <summary>The last change seq committed before the subscription was made: it receives only later ones.</summary>
    public long StartAfterSeq { get; init; }

    public long CreatedAt { get; init; }
    public long UpdatedAt { get; init; }

    public bool IsActive => Status == WebhookSubscriptionStore.Active;
}

/// <summary>Webhook subscriptions as admins manage them. What is delivered to them is <see cref="WebhookOutbox"/>'s.</summary>
public sealed class WebhookSubscriptionStore(Database db)
{
    public const string Active = "active";

    private const string Columns = """
        SELECT id, url, description, event_types AS EventTypes, hospital_id AS HospitalId, secret, status,
               disabled_reason AS DisabledReason, start_after_seq AS StartAfterSeq, created_at AS CreatedAt, updated_at AS UpdatedAt
        FROM webhook_subscriptions
        """;

    // start_after_seq is taken in the insert's transaction: nothing committed before the subscription is sent to it.
    private const string InsertSql = """
        INSERT INTO webhook_subscriptions (id, url, description, event_types, hospital_id, secret, status, disabled_reason,
            start_after_seq, created_at, updated_at)
        VALUES (@Id, @Url, @Description, @EventTypes, @HospitalId, @Secret, @Status, NULL,
            (SELECT COALESCE(MAX(seq), 0) FROM changes), @CreatedAt, @UpdatedAt)
        """;

    private const string HospitalExistsSql = "SELECT EXISTS (SELECT 1 FROM hospitals WHERE id = @Id)";

    internal const string ByIdSql = Columns + " WHERE id = @Id";

    private const string ListSql = Columns + " WHERE (@After IS NULL OR id > @After) ORDER BY id LIMIT @Limit";

    private const string DeleteSql = "DELETE FROM webhook_subscriptions WHERE id = @Id";

    /// <summary>Returns false when the hospital does not exist.</summary>
    public Task<bool> InsertAsync(WebhookSubscriptionRow row, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            if (row.HospitalId is not null &&
                !await c.ExecuteScalarAsync<bool>(new CommandDefinition(HospitalExistsSql, new { Id = row.HospitalId }, tx, cancellationToken: ct)))
            {
                return false;
            }

            await c.ExecuteAsync(new CommandDefinition(InsertSql, row, tx, cancellationToken: ct));
            return true;
        }, ct);

    public Task<WebhookSubscriptionRow?> GetAsync(string id, CancellationToken ct) =>
        db.ReadAsync(c => c.QuerySingleOrDefaultAsync<WebhookSubscriptionRow>(new CommandDefinition(ByIdSql, new { Id = id }, cancellationToken: ct)), ct);

    public Task<IReadOnlyList<WebhookSubscriptionRow>> ListAsync(string? after, int limit, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<WebhookSubscriptionRow>>(async c =>
            (await c.QueryAsync<WebhookSubscriptionRow>(new CommandDefinition(ListSql, new { After = after, Limit = limit }, cancellationToken: ct))).AsList(), ct);

    /// <summary>Deletes the subscription with its delivery log (foreign keys cascade). Returns false when there is none.</summary>
    public Task<bool> DeleteAsync(string id, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) => await c.ExecuteAsync(new CommandDefinition(DeleteSql, new { Id = id }, tx, cancellationToken: ct)) > 0, ct);
}
