using Dapper;

namespace EventScheduler.Api.Storage;

/// <summary>The <c>idempotency_keys</c> table: looks up what a retry gets back, and purges expired records.
/// Records are written with their effect (<see cref="IdempotencyRecord.WriteAsync"/>), never here.</summary>
public sealed class IdempotencyStore(Database db)
{
    private const string FindSql = """
        SELECT scope AS Scope, key AS StoredKey, fingerprint AS Fingerprint, status AS Status, location AS Location, body AS SealedBody,
               created_at AS CreatedAtMs
        FROM idempotency_keys WHERE scope = @Scope AND key = @StoredKey
        """;

    // In chunks, so a purge never holds the write lock long enough to delay sign-ups.
    private const string PurgeSql = """
        DELETE FROM idempotency_keys WHERE (scope, key) IN
            (SELECT scope, key FROM idempotency_keys WHERE created_at < @Before LIMIT 2000)
        """;

    /// <summary>The record of this key, if one was kept (of any age: the caller judges expiry).</summary>
    public async Task<IdempotencyRecord?> FindAsync(string scope, string storedKey, CancellationToken ct)
    {
        var row = await db.ReadAsync(c => c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(FindSql, new { Scope = scope, StoredKey = storedKey }, cancellationToken: ct)), ct);
        return row is null ? null : new IdempotencyRecord(row.Scope, row.StoredKey, row.Fingerprint, (int)row.Status, row.Location, row.SealedBody, row.CreatedAtMs);
    }

    /// <summary>Deletes the records created before <paramref name="beforeMs"/>; returns how many.</summary>
    public async Task<int> PurgeAsync(long beforeMs, CancellationToken ct)
    {
        var total = 0;
        int deleted;
        do
        {
            deleted = await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(PurgeSql, new { Before = beforeMs }, tx, cancellationToken: ct)), ct);
            total += deleted;
        }
        while (deleted > 0);
        return total;
    }

    private sealed class Row
    {
        public string Scope { get; init; } = "";
        public string StoredKey { get; init; } = "";
        public string Fingerprint { get; init; } = "";
        public long Status { get; init; }
        public string? Location { get; init; }
        public byte[] SealedBody { get; init; } = [];
        public long CreatedAtMs { get; init; }
    }
}
