using Dapper;

namespace EventScheduler.Api.Storage;

public sealed class ApiKeyRow
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Role { get; init; }
    public string? HospitalId { get; init; }
    public required string KeyHash { get; init; }
    public required string KeyPrefix { get; init; }
    public long CreatedAt { get; init; }
    public long? LastUsedAt { get; init; }
    public long? RevokedAt { get; init; }
}

public sealed class ApiKeyStore(Database db)
{
    private const string InsertSql = """
        INSERT INTO api_keys (id, name, role, hospital_id, key_hash, key_prefix, created_at)
        VALUES (@Id, @Name, @Role, @HospitalId, @KeyHash, @KeyPrefix, @CreatedAt)
        """;

    private const string HospitalExistsSql = "SELECT EXISTS (SELECT 1 FROM hospitals WHERE id = @Id)";

    private const string SelectColumns = """
        SELECT id, name, role, hospital_id AS HospitalId, key_hash AS KeyHash, key_prefix AS KeyPrefix,
               created_at AS CreatedAt, last_used_at AS LastUsedAt, revoked_at AS RevokedAt
        FROM api_keys
        """;

    private const string ByHashSql = SelectColumns + " WHERE key_hash = @Hash";

    private const string ListSql = SelectColumns + " WHERE (@After IS NULL OR id > @After) ORDER BY id LIMIT @Limit";

    private const string RevokeSql = "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, @Now) WHERE id = @Id";

    private const string ByIdSql = SelectColumns + " WHERE id = @Id";

    private const string TouchSql = "UPDATE api_keys SET last_used_at = @Now WHERE id = @Id AND (last_used_at IS NULL OR last_used_at < @Now)";

    /// <summary>Returns false when the integration key names a hospital that does not exist.</summary>
    public Task<bool> InsertAsync(ApiKeyRow row, CancellationToken ct) =>
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

    public Task<ApiKeyRow?> FindByHashAsync(string hash, CancellationToken ct) =>
        db.ReadAsync(c => c.QuerySingleOrDefaultAsync<ApiKeyRow>(new CommandDefinition(ByHashSql, new { Hash = hash }, cancellationToken: ct)), ct);

    public Task<IReadOnlyList<ApiKeyRow>> ListAsync(string? after, int limit, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<ApiKeyRow>>(async c =>
            (await c.QueryAsync<ApiKeyRow>(new CommandDefinition(ListSql, new { After = after, Limit = limit }, cancellationToken: ct))).AsList(), ct);

    /// <summary>Revokes (idempotently) and returns the row as it now is, or null when there is no such key.</summary>
    public Task<ApiKeyRow?> RevokeAsync(string id, long now, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(new CommandDefinition(RevokeSql, new { Id = id, Now = now }, tx, cancellationToken: ct));
            return await c.QuerySingleOrDefaultAsync<ApiKeyRow>(new CommandDefinition(ByIdSql, new { Id = id }, tx, cancellationToken: ct));
        }, ct);

    public Task TouchAsync(string id, long now, CancellationToken ct) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(TouchSql, new { Id = id, Now = now }, tx, cancellationToken: ct)), ct);
}
