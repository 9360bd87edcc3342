using EventScheduler.Api.Storage;

namespace EventScheduler.Api.Infrastructure;

/// <summary>One request's hold on its Idempotency-Key: either the stored response to replay, or the right to do the
/// work (with a claim in the database, or claimed by the registration writer in its batch), with the recorder that
/// keeps its response with its effect.</summary>
public sealed class IdempotencyLease : IAsyncDisposable
{
    private readonly IdempotencyKeyRef? _key;
    private readonly Func<StoredResponse, IdempotencyRecord>? _seal;
    private readonly Func<StorageException, CancellationToken, Task<StoredResponse>>? _taken;
    private Func<Task>? _release;

    internal IdempotencyLease(IdempotencyKeyRef key, Func<StoredResponse, IdempotencyRecord> seal, Func<Task>? release,
        Func<StorageException, CancellationToken, Task<StoredResponse>> taken)
    {
        _key = key;
        _seal = seal;
        _release = release;
        _taken = taken;
    }

    private IdempotencyLease(StoredResponse replay) => Replay = replay;

    /// <summary>The response of the first request with this key, to send again unchanged.</summary>
    public StoredResponse? Replay { get; }

    /// <summary>The response the recorder built and stored with the effect: send exactly this.</summary>
    public StoredResponse? Recorded { get; private set; }

    internal static IdempotencyLease ForReplay(StoredResponse replay) => new(replay);

    /// <summary>A recorder for the store or writer that commits the effect: in that transaction it builds the
    /// response from the effect's result, keeps it as <see cref="Recorded"/> and returns the sealed record to write.</summary>
    public IdempotencyRecorder<T> RecordWith<T>(Func<T, StoredResponse> respond) => new(
        _key ?? throw new InvalidOperationException("A replay records nothing."),
        result =>
        {
            var response = respond(result);
            Recorded = response;
            return _seal!(response);
        });

    /// <summary>The effect's transaction found the key taken by another request (<see cref="IdempotencyKeyUsedException"/>,
    /// <see cref="IdempotencyKeyInFlightException"/>): that request's response to replay; or throws 409 in flight / 422.</summary>
    public Task<StoredResponse> AnswerTakenAsync(StorageException taken, CancellationToken ct) =>
        (_taken ?? throw new InvalidOperationException("A replay runs no effect."))(taken, ct);

    /// <summary>The effect committed: its transaction turned the claim into the record, nothing is left to release.</summary>
    public void Committed() => _release = null;

    /// <summary>The work failed (nothing committed): lets go of the claim so a retry runs again at once.</summary>
    public async ValueTask DisposeAsync()
    {
        var release = _release;
        _release = null;
        if (release is not null)
        {
            await release();
        }
    }
}
