using System.Data;
using System.Data.Common;
using System.Threading.Channels;

namespace EventScheduler.Api.Storage;

/// <summary>Group commit for many small independent appends (heartbeats, joins): callers enqueue an item
/// and wait; one loop takes everything queued (up to <see cref="MaxBatch"/>), writes it in ONE
/// transaction, commits once (one fsync for the batch) and only then completes every caller, so an
/// answered item is durable. Items must not fail one by one (plain inserts, duplicates ignored): a
/// failing batch fails all its callers with <see cref="StorageUnavailableException"/>, and they may retry.
/// The same shape as the registration writer, without its per-command savepoints. With a <c>linger</c>, the loop
/// waits that long after the first item of a batch for more to arrive: a steady trickle (heartbeats arrive
/// spread over the minute) then shares one transaction and one fsync instead of paying one each.</summary>
public sealed class BatchedWriter<TItem>(
    Database db,
    string name,
    Func<DbConnection, DbTransaction, IReadOnlyList<TItem>, CancellationToken, Task> write,
    ILogger logger,
    TimeProvider time,
    TimeSpan linger,
    int maxBatch = 2048,
    int maxQueue = 50_000)
{
    private readonly Channel<(TItem Item, TaskCompletionSource Done)> _queue =
        Channel.CreateBounded<(TItem, TaskCompletionSource)>(new BoundedChannelOptions(maxQueue) { SingleReader = true });

    public int MaxBatch { get; } = maxBatch;

    /// <summary>Completes once the item is committed; 503-style <see cref="StorageUnavailableException"/> when the queue is full.</summary>
    public Task SubmitAsync(TItem item)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((item, done)))
        {
            throw new StorageUnavailableException($"Too many {name} are waiting to be saved; retry shortly.", TimeSpan.FromSeconds(1));
        }

        return done.Task;
    }

    /// <summary>The loop; run it from a hosted service until <paramref name="stoppingToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var batch = new List<(TItem Item, TaskCompletionSource Done)>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                if (linger > TimeSpan.Zero && _queue.Reader.Count < MaxBatch)
                {
                    await Task.Delay(linger, time, stoppingToken);
                }

                batch.Clear();
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var queued))
                {
                    batch.Add(queued);
                }

                await WriteBatchAsync(batch);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        _queue.Writer.TryComplete();
        var shuttingDown = new StorageUnavailableException("The service is shutting down; retry shortly.", TimeSpan.FromSeconds(1));
        while (_queue.Reader.TryRead(out var left))
        {
            left.Done.TrySetException(shuttingDown);
        }
    }

    private async Task WriteBatchAsync(List<(TItem Item, TaskCompletionSource Done)> batch)
    {
        try
        {
            // Never the request's token: once queued, an item's fate does not depend on one client's patience.
            var ct = CancellationToken.None;
            await using var connection = await db.OpenAsync(ct);
            await using var transaction = await db.BeginWriteAsync(connection, ct);
            await write(connection, transaction, batch.Select(b => b.Item).ToList(), ct);
            await transaction.CommitAsync(ct);
            // As Database.WriteAsync: a file replaced between the commit hook and here is caught before anyone is answered.
            db.Identity.ThrowIfLost();
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "A batch of {Count} {Name} failed to commit", batch.Count, name);
            var failure = new StorageUnavailableException($"The {name} could not be saved; retry shortly.", TimeSpan.FromSeconds(1), ex);
            foreach (var (_, done) in batch)
            {
                done.TrySetException(failure);
            }

            return;
        }

        foreach (var (_, done) in batch)
        {
            done.TrySetResult();
        }
    }
}
