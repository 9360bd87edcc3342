using System.Data.Common;
using Dapper;

namespace EventScheduler.Api.Storage;

/// <summary>One row of <c>idempotency_keys</c>: what a retry of a request with this key gets back. Sealed
/// before it gets here: <paramref name="StoredKey"/> is a hash of the key, <paramref name="Fingerprint"/> is
/// keyed by it and <paramref name="SealedBody"/> is encrypted with a key derived from it.</summary>
/// <param name="Scope">The caller: its API key id, or "public".</param>
/// <param name="StaleBeforeMs">Writing: an existing row of the key created before this (older than the retention,
/// not yet purged) is replaced; a younger one means another request with the key already committed its effect.</param>
public sealed record IdempotencyRecord(string Scope, string StoredKey, string Fingerprint, int Status, string? Location, byte[] SealedBody, long CreatedAtMs,
    long StaleBeforeMs = long.MinValue)
{
    // The WHERE keeps a live record: of two requests with one key only the first to commit keeps its effect, whatever
    // happened to the claims (a lease that ran out while its owner was still working).
    private const string UpsertSql = """
        INSERT INTO idempotency_keys (scope, key, fingerprint, status, location, body, created_at)
        VALUES (@Scope, @StoredKey, @Fingerprint, @Status, @Location, @SealedBody, @CreatedAtMs)
        ON CONFLICT (scope, key) DO UPDATE SET fingerprint = excluded.fingerprint, status = excluded.status,
            location = excluded.location, body = excluded.body, created_at = excluded.created_at
        WHERE idempotency_keys.created_at < @StaleBeforeMs
        """;

    // The claim is turned into this record: whoever holds it (this request, or one that took over an expired lease)
    // would only find the record now.
    private const string DeleteClaimSql = "DELETE FROM idempotency_claims WHERE scope = @Scope AND key = @StoredKey";

    /// <summary>Writes the record on the transaction that commits the effect it answers for, and ends the key's claim
    /// in it. <see cref="IdempotencyKeyUsedException"/> (the transaction must roll back) when another request with the
    /// key committed first.</summary>
    public async Task WriteAsync(DbConnection c, DbTransaction tx, CancellationToken ct)
    {
        if (await c.ExecuteAsync(new CommandDefinition(UpsertSql, this, tx, cancellationToken: ct)) == 0)
        {
            throw new IdempotencyKeyUsedException(null);
        }

        await c.ExecuteAsync(new CommandDefinition(DeleteClaimSql, this, tx, cancellationToken: ct));
    }
}
