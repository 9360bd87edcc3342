using System.Threading.Channels;
using EventScheduler.Api.Observability;
using System.Data.Common;

namespace EventScheduler.Api.Storage;

public sealed class RegistrationWriterOptions
{
    public const string Section = "Registrations";

    /// <summary>Most commands one transaction (and so one fsync) carries.</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>Commands waiting beyond this answer 503 with Retry-After instead of queueing without bound.</summary>
    public int MaxQueueLength { get; set; } = 20_000;
}

/// <summary>The single writer of registrations. Requests enqueue <see cref="RegistrationCommand{TResult}"/>s
/// (sign-up, cancel, switch, check-in, and the seat side of meeting edits and cancellations); one loop takes
/// everything queued (up to <see cref="RegistrationWriterOptions.MaxBatchSize"/>), runs it in ONE BEGIN IMMEDIATE
/// transaction through a <see cref="RegistrationLedger"/> (a command that breaks a rule is undone alone), commits
/// once (synchronous=FULL: one fsync for the batch), and only then answers each request. Commands run in arrival
/// order, which is therefore waiting-list order. This is the only path that writes registrations.</summary>
public sealed class RegistrationWriter(Database db, TimeProvider time, RegistrationWriterOptions options, IEnumerable<IRegistrationEventRecorder> recorders,
    ILogger<RegistrationWriter> logger) : BackgroundService
{
    private readonly IRegistrationEventRecorder[] _recorders = recorders.ToArray();

    private readonly Channel<IRegistrationCommand> _queue = Channel.CreateBounded<IRegistrationCommand>(new BoundedChannelOptions(Math.Max(1, options.MaxQueueLength))
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>Commands queued and not yet taken into a batch (a gauge of the metrics).</summary>
    public int QueueLength => _queue.Reader.Count;

    // Only the writer's own loop touches it.
    private readonly Queue<IRegistrationCommand> _followUps = new();

    private int _inBatch;

    /// <summary>True while a batch runs or commands are queued: background work that needs the write lock (the mail
    /// worker) waits for a pause rather than make sign-ups wait for it.</summary>
    public bool IsBusy => Volatile.Read(ref _inBatch) != 0 || _queue.Reader.Count > 0;

    /// <summary>Queues <paramref name="command"/>; the task completes after its batch's commit is durable
    /// (or with the command's own error). Once queued, a command runs even if the caller goes away, so its
    /// outcome never depends on a client's patience.</summary>
    public Task<T> SubmitAsync<T>(RegistrationCommand<T> command)
    {
        if (!_queue.Writer.TryWrite(command))
        {
            throw new StorageUnavailableException("Too many registrations are waiting; retry shortly.", RetryAfter);
        }

        return command.Completion;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<IRegistrationCommand>(options.MaxBatchSize);
        try
        {
            while (_followUps.Count > 0 || await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                // Follow-ups of the last batch first: they continue work already committed.
                while (batch.Count < options.MaxBatchSize && _followUps.TryDequeue(out var followUp))
                {
                    batch.Add(followUp);
                }

                while (batch.Count < options.MaxBatchSize && _queue.Reader.TryRead(out var command))
                {
                    batch.Add(command);
                }

                Volatile.Write(ref _inBatch, 1);
                try
                {
                    await RunBatchAsync(batch);
                }
                finally
                {
                    Volatile.Write(ref _inBatch, 0);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var left))
        {
            left.Fail(new StorageUnavailableException("The service is shutting down; retry shortly.", RetryAfter));
        }
    }

    private async Task RunBatchAsync(List<IRegistrationCommand> batch)
    {
        // Where a failed statement aborts the whole transaction (PostgreSQL), a command that failed in the database
        // with no savepoint around it leaves nothing of its batch committable: the batch is rolled back and runs again
        // without it. Nothing was answered yet, and each pass drops one command, so this ends.
        while (await TryRunBatchAsync(batch) is { } aborted)
        {
            batch[aborted.Index].Fail(aborted.Error);
            batch.RemoveAt(aborted.Index);
            if (batch.Count == 0)
            {
                return;
            }
        }
    }

    /// <summary>Runs and commits the batch and answers every command; or, when a command's failure aborted the
    /// transaction, rolls everything back, answers nobody and says which command it was.</summary>
    private async Task<(int Index, Exception Error)?> TryRunBatchAsync(List<IRegistrationCommand> batch)
    {
        var outcomes = new Exception?[batch.Count];
        var changedMeetings = false;
        IReadOnlyList<IRegistrationCommand> followUps = [];
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        // Current while the batch runs: its log lines and the changes it records (their traceparent) belong to it.
        using var span = WriterTelemetry.StartBatch(batch);
        try
        {
            // Commands never see the request's token: a batch is all-or-nothing at commit, not per client.
            var ct = CancellationToken.None;
            await using var connection = await db.OpenAsync(ct);
            await using var transaction = await db.BeginWriteAsync(connection, ct);
            using var ledger = new RegistrationLedger(db.Dialect, connection, transaction, time, _recorders);
            for (var i = 0; i < batch.Count; i++)
            {
                ledger.BeginCommand(batch[i].Origin);
                try
                {
                    await batch[i].RunAsync(ledger, ct);
                    await ledger.EndCommandAsync(ct);
                }
                catch (Exception ex)
                {
                    if (!ledger.AbandonCommand(ex, db.Dialect))
                    {
                        // Disposing the transaction uncommitted rolls the batch back.
                        logger.LogWarning(ex, "A registration command failed in the database and aborted its batch of {Count}; the batch runs again without it", batch.Count);
                        return (i, ex);
                    }

                    outcomes[i] = ex;
                }
            }

            await ledger.FlushAsync(ct);
            changedMeetings = ledger.ChangedMeetings;
            followUps = ledger.FollowUps;

            var applied = System.Diagnostics.Stopwatch.GetTimestamp();
            using (WriterTelemetry.StartCommit())
            {
                await transaction.CommitAsync(ct);
            }

            WriterTelemetry.Committed(batch.Count, started, applied);
            // As Database.WriteAsync: nobody is answered for a commit into a file that is no longer the database.
            db.Identity.ThrowIfLost();
            if (changedMeetings)
            {
                db.NoteCommit();
            }

            foreach (var followUp in followUps)
            {
                _followUps.Enqueue(followUp);
            }

            if (logger.IsEnabled(LogLevel.Debug))
            {
                logger.LogDebug("Committed a batch of {Count} registration commands in {Elapsed:F1} ms (commit {Commit:F1} ms)", batch.Count,
                    System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, System.Diagnostics.Stopwatch.GetElapsedTime(applied).TotalMilliseconds);
            }
        }
        catch (Exception ex)
        {
            WriterTelemetry.Failed(span, ex);
            logger.LogError(ex, "A registration batch of {Count} commands failed to commit", batch.Count);
            var failure = ex as StorageUnavailableException
                          ?? (ex is DbException dbException ? StorageFaults.Translate(dbException, db.Identity) : null)
                          ?? new StorageUnavailableException("The registration could not be saved; retry shortly.", RetryAfter, ex);
            foreach (var command in batch)
            {
                command.Fail(failure);
            }

            return null;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i] is { } error)
            {
                batch[i].Fail(error);
            }
            else
            {
                batch[i].Complete();
            }
        }

        return null;
    }
}
