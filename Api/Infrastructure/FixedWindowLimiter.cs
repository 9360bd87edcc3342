using System.Collections.Concurrent;
using EventScheduler.Api.Storage;

namespace EventScheduler.Api.Infrastructure;

/// <summary>The outcome of counting one request: whether it may pass, and the budget as the RateLimit
/// headers state it.</summary>
public readonly record struct RateLimitDecision(bool Allowed, int Limit, int Remaining, int ResetSeconds);

/// <summary>Fixed-window counters per partition (an API key, a client address) for the per-request limits, shared
/// by every process on the database without a database round trip per request: each request is counted here at
/// once and decided against the window's shared total as last read plus this process's hits since; every
/// <c>Coherence:PollMilliseconds</c> the hits counted here are added to the database's window
/// (<see cref="RateWindowStore"/>, one transaction for all partitions) and the shared totals read back
/// (<see cref="SyncAsync"/>). So N processes together admit at most the budget plus what each admits in one
/// interval before it hears of the others. Time comes from the injected clock, so tests decide when a window ends.</summary>
public sealed class FixedWindowLimiter(TimeProvider time)
{
    private const int PruneEvery = 4096;
    private const int MaxBatch = 2000;
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private int _sincePrune;
    private long _syncs;

    /// <summary>Syncs completed so far: what a caller waits on to know this process has heard the shared totals.</summary>
    public long Syncs => Interlocked.Read(ref _syncs);

    public RateLimitDecision Acquire(string partition, WindowLimit limit)
    {
        var now = time.GetUtcNow();
        var length = Length(limit);
        var permits = Math.Max(1, limit.PermitLimit);
        if (Interlocked.Increment(ref _sincePrune) >= PruneEvery)
        {
            _sincePrune = 0;
            foreach (var (key, stale) in _windows)
            {
                if (stale.EndsAt <= now && stale.Pending == 0)
                {
                    _windows.TryRemove(key, out _);
                }
            }
        }

        var window = _windows.GetOrAdd(partition, _ => new Window(now + length, length));
        long count;
        DateTimeOffset endsAt;
        lock (window)
        {
            // Read under the lock: a sync may just have moved the window's end to the shared window's, which began
            // at the sync's own "now", later than an instant read before it. With that earlier instant the window
            // looked as if it ended more than a window away (a clock set back) and was restarted, losing its count.
            now = time.GetUtcNow();
            if (now >= window.EndsAt || now + length < window.EndsAt)
            {
                window.Restart(now + length, length);
            }

            window.Pending++;
            count = window.Shared + window.Pending;
            endsAt = window.EndsAt;
        }

        var reset = Math.Max(1, (int)Math.Ceiling((endsAt - now).TotalSeconds));
        return new RateLimitDecision(count <= permits, permits, (int)Math.Max(0, permits - count), reset);
    }

    /// <summary>Adds the hits counted here since the last sync to the database's windows and takes their shared
    /// totals (other processes' hits included); windows still open with nothing new to add are read back too, so a
    /// process hears of the others' hits without a request of its own first. Hits whose sync fails stay pending for
    /// the next one.</summary>
    public async Task SyncAsync(RateWindowStore store, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var counted = new List<(Window Window, long Hits, DateTimeOffset EndsAt)>();
        var hits = new List<WindowHits>();
        var idle = new List<(Window Window, DateTimeOffset EndsAt)>();
        var idleBuckets = new List<string>();
        foreach (var (partition, window) in _windows)
        {
            lock (window)
            {
                if (window.Pending > 0 && hits.Count < MaxBatch)
                {
                    counted.Add((window, window.Pending, window.EndsAt));
                    hits.Add(new WindowHits(partition, window.Pending, window.Length));
                }
                else if (window.Pending == 0 && window.EndsAt > now && idleBuckets.Count < MaxBatch)
                {
                    idle.Add((window, window.EndsAt));
                    idleBuckets.Add(partition);
                }
            }
        }

        if (hits.Count > 0)
        {
            var shared = await store.CountAsync(hits, now, ct);
            for (var i = 0; i < counted.Count; i++)
            {
                var (window, sent, endsAt) = counted[i];
                lock (window)
                {
                    if (window.EndsAt != endsAt)
                    {
                        // The window turned over here meanwhile: the hits sent belonged to the old one.
                        continue;
                    }

                    window.Pending -= sent;
                    Take(window, shared[i]);
                }
            }
        }

        if (idleBuckets.Count > 0)
        {
            var open = await store.ReadAsync(idleBuckets, now, ct);
            for (var i = 0; i < idle.Count; i++)
            {
                var (window, endsAt) = idle[i];
                lock (window)
                {
                    // Pending hits counted since the read started are not in the database's total yet; they stay pending.
                    if (window.EndsAt == endsAt && open.TryGetValue(idleBuckets[i], out var known))
                    {
                        Take(window, known);
                    }
                }
            }
        }

        Interlocked.Increment(ref _syncs);
    }

    private static void Take(Window window, SharedWindow shared)
    {
        window.Shared = shared.Hits;
        // Another process may have started the shared window earlier: its end is the one that counts.
        window.EndsAt = shared.EndsAt;
    }

    private static TimeSpan Length(WindowLimit limit) => limit.Window > TimeSpan.Zero ? limit.Window : TimeSpan.FromMinutes(1);

    private sealed class Window(DateTimeOffset endsAt, TimeSpan length)
    {
        public DateTimeOffset EndsAt { get; set; } = endsAt;
        public TimeSpan Length { get; private set; } = length;

        /// <summary>The database's total for the window at the last sync (this process's synced hits included).</summary>
        public long Shared { get; set; }

        /// <summary>Hits counted here and not yet added to the database.</summary>
        public long Pending { get; set; }

        public void Restart(DateTimeOffset endsAt, TimeSpan length)
        {
            EndsAt = endsAt;
            Length = length;
            Shared = 0;
            Pending = 0;
        }
    }
}
