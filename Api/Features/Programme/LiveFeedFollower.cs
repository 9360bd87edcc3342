using EventScheduler.Api.Storage;
using Microsoft.Extensions.Options;

namespace EventScheduler.Api.Features.Programme;

/// <summary>Feeds this process's live-feed listeners from the database's live-status log, whichever process
/// committed the change: it follows <c>slot_status_history</c> by id (every <c>Coherence:PollMilliseconds</c>, and
/// at once when this process committed a change, see <see cref="Wake"/>) and hands each new event to the
/// <see cref="LiveFeedHub"/>. One query per interval per process, however many listeners.</summary>
/// <remarks>Ids are handed out in commit order on SQLite (one writer). A database with concurrent writers
/// (PostgreSQL) may commit a lower id after a higher one: an id skipped over is remembered as a gap and looked
/// for again for <see cref="GapPatience"/>, so a late commit is still delivered, once.</remarks>
public sealed class LiveFeedFollower(LiveStatusStore store, LiveFeedHub hub, IOptions<CoherenceOptions> options, ILogger<LiveFeedFollower> logger)
    : BackgroundService
{
    private const int Batch = 1000;
    private const int MaxTrackedGap = 1000;
    private static readonly TimeSpan GapPatience = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly SortedDictionary<long, long> _gaps = [];
    private long _last;

    /// <summary>Newest event id handed to the hub (for tests and diagnostics).</summary>
    public long LastDelivered => Interlocked.Read(ref _last);

    /// <summary>This process just committed a live status change: look now instead of at the next interval.</summary>
    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken; one look covers every change committed so far.
        }
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the server takes requests: every change committed from now on is newer than this.
        _last = await store.LatestIdAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.PollInterval;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _wake.WaitAsync(interval, stoppingToken);
                try
                {
                    await CatchUpAsync(stoppingToken);
                }
                catch (StorageUnavailableException ex)
                {
                    // Listeners wait; the next look picks up everything from where this one stopped.
                    logger.LogWarning(ex, "Could not read the live-status log");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task CatchUpAsync(CancellationToken ct)
    {
        var now = Environment.TickCount64;
        var after = _gaps.Count > 0 ? Math.Min(_gaps.Keys.First() - 1, _last) : _last;
        while (true)
        {
            var batch = await store.FollowAsync(after, Batch, ct);
            foreach (var liveEvent in batch)
            {
                if (liveEvent.Id > _last)
                {
                    if (liveEvent.Id - _last <= MaxTrackedGap)
                    {
                        for (var missing = _last + 1; missing < liveEvent.Id; missing++)
                        {
                            _gaps.TryAdd(missing, now);
                        }
                    }

                    Interlocked.Exchange(ref _last, liveEvent.Id);
                    hub.Publish(liveEvent);
                }
                else if (_gaps.Remove(liveEvent.Id))
                {
                    hub.Publish(liveEvent);
                }

                after = liveEvent.Id;
            }

            if (batch.Count < Batch)
            {
                break;
            }
        }

        foreach (var id in _gaps.Where(g => now - g.Value > GapPatience.TotalMilliseconds).Select(g => g.Key).ToList())
        {
            _gaps.Remove(id);
        }
    }
}
