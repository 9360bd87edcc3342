using System.Text.Json;
using EventScheduler.Api.Auth;
using EventScheduler.Api.Storage;

namespace EventScheduler.Api.Infrastructure;

/// <summary>Idempotency-Key for creating POSTs (through <see cref="IdempotentCreate"/>). A key is scoped to the caller
/// (its API key, or "public" for anonymous callers) and bound to a keyed fingerprint of the request. The response is
/// recorded in the same transaction as the effect, so it exists exactly when the effect committed; a retry gets it
/// back byte for byte. A request still running holds a claim kept in the database, so every process on it sees the
/// claim: a twin sent meanwhile, to this process or another, gets 409 idempotency_key_in_flight (with Retry-After);
/// the same key with a different request 422. The stored record is consulted before any claim, and the claim ends in
/// the transaction that writes the record, so once the answer exists a retry replays it, never 409.</summary>
public sealed class Idempotency(IdempotencyStore store, TimeProvider time, IdempotencySettings options, ILogger<Idempotency> logger)
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 200;

    // Which process holds a claim, for an operator reading idempotency_claims; each claim adds a random part.
    private static readonly string ProcessOwner = $"{Environment.MachineName}/{Environment.ProcessId}";

    public TimeSpan Retention => TimeSpan.FromHours(Math.Max(24, options.RetentionHours));

    public TimeSpan ClaimLease => TimeSpan.FromSeconds(Math.Max(1, options.ClaimLeaseSeconds));

    /// <summary>Returns null when no key was sent. Otherwise a lease (dispose it when the request ends): holding the
    /// stored response to replay, or the right to do the work for a first request.</summary>
    /// <param name="claimInBatch">The effect runs in the registration writer, which claims the key in its batch
    /// (<see cref="RegistrationLedger.ClaimKeyAsync"/>): no claim row, no transaction here. Otherwise the key is
    /// claimed in the database now, in a short transaction of its own.</param>
    public async Task<IdempotencyLease?> BeginAsync(string? key, Caller caller, string operation, object request, bool claimInBatch, CancellationToken ct)
    {
        if (key is null)
        {
            return null;
        }

        if (key.Length is 0 or > MaxKeyLength || key.Any(ch => ch < 0x21 || ch > 0x7e))
        {
            throw new ApiException(StatusCodes.Status400BadRequest, "idempotency_key_invalid",
                $"'{Header}' must be 1 to {MaxKeyLength} printable ASCII characters, e.g. a UUID.");
        }

        var scope = caller.KeyId ?? "public";
        // Nothing readable is kept at rest: the key is stored hashed, the fingerprint is keyed by it, and the
        // stored response (which holds a manage token and contact data) is sealed with a key derived from
        // it. Only a caller presenting the same Idempotency-Key can get the response back.
        var secret = new IdempotencySecret(key, scope);
        var fingerprint = secret.Fingerprint(operation + "\n" + JsonSerializer.Serialize(request, request.GetType(), JsonConfig.Options));
        var now = time.GetUtcNow();
        var freshSince = Instants.ToMs(now - Retention);
        var owner = claimInBatch ? null : $"{ProcessOwner}/{Guid.NewGuid():N}";
        var keyRef = new IdempotencyKeyRef(scope, secret.StoredKey, freshSince, owner);

        // The record first, with a plain read: once the first request committed, its answer is what every retry
        // gets, and a retry costs no write.
        var stored = await store.FindAsync(scope, secret.StoredKey, ct);
        if (stored is not null && stored.CreatedAtMs >= freshSince)
        {
            return Answer(stored, fingerprint, secret);
        }

        Task<StoredResponse> Taken(StorageException taken, CancellationToken token) => TakenAsync(taken, keyRef, fingerprint, secret, token);
        if (claimInBatch)
        {
            return new IdempotencyLease(keyRef, r => Seal(keyRef, secret, fingerprint, r), release: null, Taken);
        }

        var claim = new IdempotencyClaim(scope, secret.StoredKey, fingerprint, owner!,
            Instants.ToMs(now), Instants.ToMs(now + ClaimLease), freshSince);
        var result = await store.ClaimAsync(claim, ct);
        if (result.Answered is { } answered)
        {
            return Answer(answered, fingerprint, secret);
        }

        if (!result.Claimed)
        {
            throw InFlight();
        }

        return new IdempotencyLease(keyRef, r => Seal(keyRef, secret, fingerprint, r), () => ReleaseAsync(claim), Taken);
    }

    /// <summary>Purges records past the retention and claims whose lease ran out (left by processes that died).</summary>
    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return await store.PurgeAsync(Instants.ToMs(now - Retention), ct) + await store.PurgeClaimsAsync(Instants.ToMs(now), ct);
    }

    /// <summary>The effect's transaction found the key used or claimed by another request (in the registration writer's
    /// batch, or at the record's write, when another process committed first): the answer this request gets instead.</summary>
    private async Task<StoredResponse> TakenAsync(StorageException taken, IdempotencyKeyRef key, string fingerprint, IdempotencySecret secret, CancellationToken ct)
    {
        var existing = taken is IdempotencyKeyUsedException used ? used.Existing ?? await store.FindAsync(key.Scope, key.StoredKey, ct) : null;
        return (existing is null ? null : Answer(existing, fingerprint, secret).Replay) ?? throw InFlight();
    }

    private static IdempotencyLease Answer(IdempotencyRecord stored, string fingerprint, IdempotencySecret secret)
    {
        if (stored.Fingerprint != fingerprint)
        {
            throw new ApiException(StatusCodes.Status422UnprocessableEntity, "idempotency_key_reused",
                "This Idempotency-Key was used with a different request; use a new key for a new request.");
        }

        return IdempotencyLease.ForReplay(new StoredResponse(stored.Status, stored.Location, secret.Open(stored.SealedBody)));
    }

    private static ApiException InFlight()
    {
        var busy = new ApiException(StatusCodes.Status409Conflict, "idempotency_key_in_flight",
            "A request with this Idempotency-Key is still being processed; retry after it finishes.");
        busy.Headers["Retry-After"] = "1";
        return busy;
    }

    private IdempotencyRecord Seal(IdempotencyKeyRef key, IdempotencySecret secret, string fingerprint, StoredResponse response) =>
        new(key.Scope, key.StoredKey, fingerprint, response.Status, response.Location, secret.Seal(response.Body), Instants.ToMs(time.GetUtcNow()),
            StaleBeforeMs: key.FreshSinceMs);

    private async Task ReleaseAsync(IdempotencyClaim claim)
    {
        try
        {
            // Not the request's token: a request that was cancelled must still let go of its key.
            await store.ReleaseAsync(claim, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The lease runs out by itself; until then a retry is answered 409 with Retry-After.
            logger.LogWarning(ex, "Could not release an Idempotency-Key claim; it expires after {Lease}", ClaimLease);
        }
    }
}
