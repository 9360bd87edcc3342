namespace EventScheduler.Api.Storage;

/// <summary>What the writer runs: one command inside its batch transaction.</summary>
public interface IRegistrationCommand
{
    Task RunAsync(RegistrationLedger ledger, CancellationToken ct);

    /// <summary>After the batch committed (the command's effect is durable).</summary>
    void Complete();

    /// <summary>The command broke a rule, or its batch could not commit.</summary>
    void Fail(Exception error);

    /// <summary>The span of the request that queued the command (default when none): the batch span links to it.</summary>
    System.Diagnostics.ActivityContext Origin { get; }
}

/// <summary>One registration write (sign-up, cancel, switch, check-in, a meeting edit's seat changes), run by
/// <see cref="RegistrationWriter"/> in its batch transaction. <see cref="Completion"/> completes once the batch
/// committed, with the result, or with the command's own error.</summary>
public abstract class RegistrationCommand<TResult> : IRegistrationCommand
{
    private readonly TaskCompletionSource<TResult> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TResult _result = default!;

    public Task<TResult> Completion => _done.Task;

    /// <summary>Taken when the request creates the command, so the writer's batch span can link back to it.</summary>
    public System.Diagnostics.ActivityContext Origin { get; } = System.Diagnostics.Activity.Current?.Context ?? default;

    /// <summary>When the request carried an Idempotency-Key: its record, written with the command's effect.</summary>
    public IdempotencyRecorder<TResult>? Recorder { get; init; }

    /// <summary>Loads through <paramref name="ledger"/>, lets the domain decide, saves what it decided.</summary>
    protected abstract Task<TResult> ExecuteAsync(RegistrationLedger ledger, CancellationToken ct);

    async Task IRegistrationCommand.RunAsync(RegistrationLedger ledger, CancellationToken ct)
    {
        if (Recorder is not null)
        {
            // Claimed in the batch (under its write lock), not in a transaction of its own: see ClaimKeyAsync.
            await ledger.ClaimKeyAsync(Recorder.Key, ct);
        }

        _result = await ExecuteAsync(ledger, ct);
        if (Recorder is not null)
        {
            await ledger.KeepAsync(Recorder.Build(_result), ct);
        }
    }

    void IRegistrationCommand.Complete() => _done.TrySetResult(_result);

    void IRegistrationCommand.Fail(Exception error) => _done.TrySetException(error);
}
