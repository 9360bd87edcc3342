using System.Collections.Concurrent;

namespace EventScheduler.Api.Infrastructure;

/// <summary>Which Idempotency-Keys have a request running now (the claim answers a concurrent twin with 409
/// idempotency_key_in_flight). Held in this process. To share claims between processes on one database, a
/// claim becomes a row (scope, key, claimed_until) inserted in its own short transaction at the start and
/// deleted at the end (or replaced by the record in the effect's transaction); the callers stay as they are.</summary>
public sealed class IdempotencyClaims
{
    private readonly ConcurrentDictionary<(string Scope, string StoredKey), byte> _held = new();

    public bool TryClaim(string scope, string storedKey) => _held.TryAdd((scope, storedKey), 0);

    public void Release(string scope, string storedKey) => _held.TryRemove((scope, storedKey), out _);
}
