using System.Data.Common;
using Dapper;

namespace EventScheduler.Api.Storage;

/// <summary>One row of <c>idempotency_keys</c>: what a retry of a request with this key gets back. Sealed
/// before it gets here: <paramref name="StoredKey"/> is a hash of the key, <paramref name="Fingerprint"/> is
/// keyed by it and <paramref name="SealedBody"/> is encrypted with a key derived from it.</summary>
/// <param name="Scope">The caller: its API key id, or "public".</param>
public sealed record IdempotencyRecord(string Scope, string StoredKey, string Fingerprint, int Status, string? Location, byte[] SealedBody, long CreatedAtMs)
{
    // A stale row of the same key (older than the retention, not yet purged) is replaced.
    private const string UpsertSql = """
        INSERT INTO idempotency_keys (scope, key, fingerprint, status, location, body, created_at)
        VALUES (@Scope, @StoredKey, @Fingerprint, @Status, @Location, @SealedBody, @CreatedAtMs)
        ON CONFLICT (scope, key) DO UPDATE SET fingerprint = excluded.fingerprint, status = excluded.status,
            location = excluded.location, body = excluded.body, created_at = excluded.created_at
        """;

    /// <summary>Writes the record on the transaction that commits the effect it answers for.</summary>
    public Task WriteAsync(DbConnection c, DbTransaction tx, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(UpsertSql, this, tx, cancellationToken: ct));
}
