namespace EventScheduler.Api.Storage;

/// <summary>Builds the <see cref="IdempotencyRecord"/> of a creating request from the effect's result, inside
/// the transaction that commits the effect (a store's, or the registration writer's batch), so the record
/// exists exactly when the effect does. Made by the HTTP layer's idempotent-create helper; a store only calls
/// <see cref="Build"/> and writes what it returns.</summary>
public sealed class IdempotencyRecorder<TResult>(Func<TResult, IdempotencyRecord> build)
{
    public IdempotencyRecord Build(TResult result) => build(result);

    /// <summary>The same recorder for an effect whose result is <typeparamref name="TOther"/>.</summary>
    public IdempotencyRecorder<TOther> From<TOther>(Func<TOther, TResult> map) => new(other => build(map(other)));
}
