using EventScheduler.Api.Storage;

namespace EventScheduler.Api.Infrastructure;

/// <summary>One request's hold on its Idempotency-Key: either the stored response to replay, or the claim of a
/// first request, with the recorder that keeps its response with its effect.</summary>
public sealed class IdempotencyLease : IDisposable
{
    private readonly Func<StoredResponse, IdempotencyRecord>? _seal;
    private Action? _release;

    internal IdempotencyLease(Func<StoredResponse, IdempotencyRecord> seal, Action release)
    {
        _seal = seal;
        _release = release;
    }

    private IdempotencyLease(StoredResponse replay) => Replay = replay;

    /// <summary>The response of the first request with this key, to send again unchanged.</summary>
    public StoredResponse? Replay { get; }

    /// <summary>The response the recorder built and stored with the effect: send exactly this.</summary>
    public StoredResponse? Recorded { get; private set; }

    internal static IdempotencyLease ForReplay(StoredResponse replay) => new(replay);

    /// <summary>A recorder for the store or writer that commits the effect: in that transaction it builds the
    /// response from the effect's result, keeps it as <see cref="Recorded"/> and returns the sealed record to write.</summary>
    public IdempotencyRecorder<T> RecordWith<T>(Func<T, StoredResponse> respond) => new(result =>
    {
        var response = respond(result);
        Recorded = response;
        return (_seal ?? throw new InvalidOperationException("A replay records nothing."))(response);
    });

    /// <summary>Lets go of the key's claim (idempotent): once the effect committed, before answering.</summary>
    public void Release()
    {
        _release?.Invoke();
        _release = null;
    }

    public void Dispose() => Release();
}
