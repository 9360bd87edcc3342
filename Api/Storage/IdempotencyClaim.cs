namespace EventScheduler.Api.Storage;

/// <summary>One request's claim on an Idempotency-Key (a row of <c>idempotency_claims</c>) while it does its work.</summary>
/// <param name="Scope">The caller: its API key id, or "public".</param>
/// <param name="StoredKey">The hashed key.</param>
/// <param name="Fingerprint">The request's fingerprint, keyed by the raw key.</param>
/// <param name="Owner">This process and request (host/pid/random): only the owner releases it.</param>
/// <param name="ClaimedAtMs">Now, as the claim is made; an existing claim that expired before it is taken over.</param>
/// <param name="ExpiresAtMs">When another request may take the key over, should this one's process die first.</param>
/// <param name="FreshSinceMs">Records of the key created before this are past the retention: ignored and replaced.</param>
public sealed record IdempotencyClaim(string Scope, string StoredKey, string Fingerprint, string Owner, long ClaimedAtMs, long ExpiresAtMs, long FreshSinceMs);

/// <summary>What <see cref="IdempotencyStore.ClaimAsync"/> found: the key is this request's now, or another request's
/// (still running), or already answered (<see cref="Answered"/> holds that answer).</summary>
public sealed record IdempotencyClaimResult(bool Claimed, IdempotencyRecord? Answered)
{
    public static IdempotencyClaimResult Mine { get; } = new(true, null);

    public static IdempotencyClaimResult InFlight { get; } = new(false, null);
}
