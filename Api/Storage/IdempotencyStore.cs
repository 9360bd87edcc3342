using Dapper;

namespace EventScheduler.Api.Storage;

/// <summary>The <c>idempotency_keys</c> table: looks up what a retry gets back, and purges expired records.
/// Records are written with their effect (<see cref="IdempotencyRecord.WriteAsync"/>), never here. And the
/// <c>idempotency_claims</c> of requests still running, shared by every process on the database: claimed in a short
/// transaction of their own before the work, released here when the work failed, ended by the record otherwise.</summary>
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

    // Bookkeeping transactions (no fsync, see ClaimAsync); the record is re-read inside the write lock, so a
    // request that committed between the caller's first look and this claim is found, not claimed over.
    private const string ClaimSql = """
        INSERT INTO idempotency_claims (scope, key, fingerprint, owner, claimed_at, expires_at)
        VALUES (@Scope, @StoredKey, @Fingerprint, @Owner, @ClaimedAtMs, @ExpiresAtMs)
        ON CONFLICT (scope, key) DO UPDATE SET fingerprint = excluded.fingerprint, owner = excluded.owner,
            claimed_at = excluded.claimed_at, expires_at = excluded.expires_at
        WHERE idempotency_claims.expires_at < excluded.claimed_at
        """;

    private const string ReleaseSql = "DELETE FROM idempotency_claims WHERE scope = @Scope AND key = @StoredKey AND owner = @Owner";

    private const string PurgeClaimsSql = "DELETE FROM idempotency_claims WHERE expires_at < @Before";

    /// <summary>Claims the key for <paramref name="claim"/>'s request unless its answer is recorded (then that answer) or
    /// another live claim holds it. One short transaction of its own, committed without waiting for the disk
    /// (<see cref="Database.WriteBookkeepingAsync{T}"/>): a claim matters only while its owner runs, and a power cut
    /// ends the owner too, so it needs no fsync of its own, only the write lock for a moment.</summary>
    public Task<IdempotencyClaimResult> ClaimAsync(IdempotencyClaim claim, CancellationToken ct) =>
        db.WriteBookkeepingAsync(async (c, tx) =>
        {
            var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(FindSql, claim, tx, cancellationToken: ct));
            if (row is not null && row.CreatedAtMs >= claim.FreshSinceMs)
            {
                return new IdempotencyClaimResult(false, row.ToRecord());
            }

            var claimed = await c.ExecuteAsync(new CommandDefinition(ClaimSql, claim, tx, cancellationToken: ct));
            return claimed == 1 ? IdempotencyClaimResult.Mine : IdempotencyClaimResult.InFlight;
        }, ct);

    /// <summary>Lets go of the claim after the work failed (its transaction rolled back, the claim with it stayed), so a
    /// retry runs again at once. Only the owner's own claim: one that took over an expired lease is not touched.</summary>
    public Task ReleaseAsync(IdempotencyClaim claim, CancellationToken ct) =>
        db.WriteBookkeepingAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(ReleaseSql, claim, tx, cancellationToken: ct)), ct);

    /// <summary>Deletes claims that expired before <paramref name="beforeMs"/> (left by processes that died); returns how many.</summary>
    public Task<int> PurgeClaimsAsync(long beforeMs, CancellationToken ct) =>
        db.WriteBookkeepingAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(PurgeClaimsSql, new { Before = beforeMs }, tx, cancellationToken: ct)), ct);

    /// <summary>The record of this key, if one was kept (of any age: the caller judges expiry).</summary>
    public async Task<IdempotencyRecord?> FindAsync(string scope, string storedKey, CancellationToken ct)
    {
        var row = await db.ReadAsync(c => c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(FindSql, new { Scope = scope, StoredKey = storedKey }, cancellationToken: ct)), ct);
        return row?.ToRecord();
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

        public IdempotencyRecord ToRecord() => new(Scope, StoredKey, Fingerprint, (int)Status, Location, SealedBody, CreatedAtMs);
    }
}
