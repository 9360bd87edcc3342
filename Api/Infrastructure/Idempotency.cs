using System.Text.Json;
using EventScheduler.Api.Auth;
using EventScheduler.Api.Storage;

namespace EventScheduler.Api.Infrastructure;

/// <summary>Idempotency-Key for creating POSTs (through <see cref="IdempotentCreate"/>). A key is scoped to the caller
/// (its API key, or "public" for anonymous callers) and bound to a keyed fingerprint of the request. The response is
/// recorded in the same transaction as the effect, so it exists exactly when the effect committed; a retry gets it
/// back byte for byte. The stored record is consulted before the in-flight claim decides anything, and the claim is
/// released before the first answer is sent, so a retry never sees 409 idempotency_key_in_flight once the answer
/// exists; a twin sent while the first still runs does (with Retry-After); the same key with a different request 422.</summary>
public sealed class Idempotency(IdempotencyStore store, IdempotencyClaims claims, TimeProvider time, IdempotencySettings options)
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 200;

    public TimeSpan Retention => TimeSpan.FromHours(Math.Max(24, options.RetentionHours));

    /// <summary>Returns null when no key was sent. Otherwise a lease (dispose it when the request ends): holding the
    /// stored response to replay, or the claim on the key for a first request.</summary>
    public async Task<IdempotencyLease?> BeginAsync(string? key, Caller caller, string operation, object request, CancellationToken ct)
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
        var claimed = claims.TryClaim(scope, secret.StoredKey);
        try
        {
            // The record first: once the first request committed, its answer is what every retry gets,
            // whether or not that request has let go of its claim yet.
            var stored = await store.FindAsync(scope, secret.StoredKey, ct);
            if (stored is not null && stored.CreatedAtMs >= Instants.ToMs(time.GetUtcNow() - Retention))
            {
                if (stored.Fingerprint != fingerprint)
                {
                    throw new ApiException(StatusCodes.Status422UnprocessableEntity, "idempotency_key_reused",
                        "This Idempotency-Key was used with a different request; use a new key for a new request.");
                }

                Release(claimed, scope, secret);
                return IdempotencyLease.ForReplay(new StoredResponse(stored.Status, stored.Location, secret.Open(stored.SealedBody)));
            }

            if (!claimed)
            {
                var busy = new ApiException(StatusCodes.Status409Conflict, "idempotency_key_in_flight",
                    "A request with this Idempotency-Key is still being processed; retry after it finishes.");
                busy.Headers["Retry-After"] = "1";
                throw busy;
            }

            return new IdempotencyLease(r => Seal(scope, secret, fingerprint, r), () => claims.Release(scope, secret.StoredKey));
        }
        catch
        {
            Release(claimed, scope, secret);
            throw;
        }
    }

    public Task<int> PurgeAsync(CancellationToken ct) => store.PurgeAsync(Instants.ToMs(time.GetUtcNow() - Retention), ct);

    private IdempotencyRecord Seal(string scope, IdempotencySecret secret, string fingerprint, StoredResponse response) =>
        new(scope, secret.StoredKey, fingerprint, response.Status, response.Location, secret.Seal(response.Body), Instants.ToMs(time.GetUtcNow()));

    private void Release(bool claimed, string scope, IdempotencySecret secret)
    {
        if (claimed)
        {
            claims.Release(scope, secret.StoredKey);
        }
    }
}
