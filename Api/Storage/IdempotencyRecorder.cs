namespace EventScheduler.Api.Storage;

/// <summary>Builds the <see cref="IdempotencyRecord"/> of a creating request from the effect's result, inside
/// the transaction that commits the effect (a store's, or the registration writer's batch), so the record
/// exists exactly when the effect does. Made by the HTTP layer's idempotent-create helper; a store only calls
/// <see cref="Build"/> and writes what it returns.</summary>
/// <param name="key">The key (scope, hashed key, freshness) the registration writer checks in its batch before
/// the command runs (<see cref="RegistrationLedger.ClaimKeyAsync"/>).</param>
public sealed class IdempotencyRecorder<TResult>(IdempotencyKeyRef key, Func<TResult, IdempotencyRecord> build)
{
    public IdempotencyKeyRef Key { get; } = key;

    public IdempotencyRecord Build(TResult result) => build(result);

    /// <summary>The same recorder for an effect whose result is <typeparamref name="TOther"/>.</summary>
    public IdempotencyRecorder<TOther> From<TOther>(Func<TOther, TResult> map) => new(Key, other => build(map(other)));
}

/// <summary>Which Idempotency-Key a recorder records for.</summary>
/// <param name="Scope">The caller: its API key id, or "public".</param>
/// <param name="StoredKey">The hashed key.</param>
/// <param name="FreshSinceMs">Records of the key created before this are past the retention (as if absent).</param>
/// <param name="Owner">The request's own claim row, if it made one (a check of the key in the writer's batch skips it).</param>
public sealed record IdempotencyKeyRef(string Scope, string StoredKey, long FreshSinceMs, string? Owner = null);
