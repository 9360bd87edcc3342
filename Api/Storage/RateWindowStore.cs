using System.Data.Common;
using Dapper;

namespace EventScheduler.Api.Storage;

/// <summary>A bucket's window as the database holds it after counting: hits so far and when the window ends.</summary>
public readonly record struct SharedWindow(long Hits, DateTimeOffset EndsAt);

/// <summary>One batch entry: add <paramref name="Hits"/> to <paramref name="Bucket"/>, starting a window of
/// <paramref name="Length"/> if the current one ended.</summary>
public readonly record struct WindowHits(string Bucket, long Hits, TimeSpan Length);

/// <summary>Fixed-window counters shared by every process on the database (table <c>rate_windows</c>): one upsert
/// counts and answers the window's total, so two processes never each grant a full budget.</summary>
public sealed class RateWindowStore(Database db)
{
    // Standard upsert (SQLite >= 3.35 and PostgreSQL): the right-hand sides see the row as it was.
    private const string CountSql = """
        INSERT INTO rate_windows (bucket, window_ends_at, hits) VALUES (@Bucket, @EndsAt, @Hits)
        ON CONFLICT (bucket) DO UPDATE SET
            hits = CASE WHEN rate_windows.window_ends_at <= @Now THEN excluded.hits ELSE rate_windows.hits + excluded.hits END,
            window_ends_at = CASE WHEN rate_windows.window_ends_at <= @Now THEN excluded.window_ends_at ELSE rate_windows.window_ends_at END
        RETURNING hits AS Hits, window_ends_at AS EndsAt
        """;

    private const string PeekSql = "SELECT hits AS Hits, window_ends_at AS EndsAt FROM rate_windows WHERE bucket = @Bucket AND window_ends_at > @Now";

    // Dapper expands @Buckets into a parameter list on both providers.
    private const string ReadSql = """
        SELECT bucket AS Bucket, hits AS Hits, window_ends_at AS EndsAt FROM rate_windows WHERE bucket IN (SELECT value FROM json_each(@Buckets)) AND window_ends_at > @Now
        """;

    private const string PruneSql = "DELETE FROM rate_windows WHERE window_ends_at <= @Now";

    /// <summary>Counts hits in one transaction and answers each bucket's window after counting, in order. Without
    /// waiting for the disk: counts a power cut loses only give a client a few more tries.</summary>
    public Task<IReadOnlyList<SharedWindow>> CountAsync(IReadOnlyList<WindowHits> hits, DateTimeOffset now, CancellationToken ct) =>
        db.WriteBookkeepingAsync<IReadOnlyList<SharedWindow>>(async (c, tx) =>
        {
            var windows = new List<SharedWindow>(hits.Count);
            foreach (var hit in hits)
            {
                windows.Add(await CountAsync(c, tx, hit, now, ct));
            }

            return windows;
        }, ct);

    /// <summary>Counts one hit like <see cref="CountAsync(IReadOnlyList{WindowHits}, DateTimeOffset, CancellationToken)"/> and,
    /// when it is the window's <paramref name="reportAt"/>-th (once per window, whichever process counts it), records
    /// <paramref name="report"/>'s change in the same transaction, so the window and its report commit together.</summary>
    public Task<SharedWindow> CountAndReportAsync(WindowHits hit, long reportAt, Func<SharedWindow, Change> report, DateTimeOffset now, CancellationToken ct) =>
        db.WriteBookkeepingAsync(async (c, tx) =>
        {
            var window = await CountAsync(c, tx, hit, now, ct);
            if (window.Hits == reportAt)
            {
                await ChangeLog.RecordAsync(c, tx, report(window), now, ct);
            }

            return window;
        }, ct);

    /// <summary>The bucket's current window without counting (no hits: zero, ending now).</summary>
    public Task<SharedWindow> PeekAsync(string bucket, DateTimeOffset now, CancellationToken ct) =>
        db.ReadAsync(async c =>
        {
            var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(PeekSql, new { Bucket = bucket, Now = now.ToUnixTimeMilliseconds() }, cancellationToken: ct));
            return row is null ? new SharedWindow(0, now) : new SharedWindow(row.Hits, DateTimeOffset.FromUnixTimeMilliseconds(row.EndsAt));
        }, ct);

    /// <summary>The open windows of <paramref name="buckets"/> as the database holds them (absent: none open), without
    /// counting: how a process hears of the hits others added to windows it has nothing new to add to.</summary>
    public Task<IReadOnlyDictionary<string, SharedWindow>> ReadAsync(IReadOnlyList<string> buckets, DateTimeOffset now, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyDictionary<string, SharedWindow>>(async c =>
        {
            var rows = await c.QueryAsync<Row>(new CommandDefinition(ReadSql, new { Buckets = SqlList.Json(buckets), Now = now.ToUnixTimeMilliseconds() },
                cancellationToken: ct));
            return rows.ToDictionary(r => r.Bucket, r => new SharedWindow(r.Hits, DateTimeOffset.FromUnixTimeMilliseconds(r.EndsAt)), StringComparer.Ordinal);
        }, ct);

    /// <summary>Forgets windows that ended.</summary>
    public Task<int> PruneAsync(DateTimeOffset now, CancellationToken ct) =>
        db.WriteBookkeepingAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(PruneSql, new { Now = now.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct)), ct);

    private static async Task<SharedWindow> CountAsync(DbConnection c, DbTransaction tx, WindowHits hit, DateTimeOffset now, CancellationToken ct)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var row = await c.QuerySingleAsync<Row>(new CommandDefinition(CountSql, new
        {
            hit.Bucket,
            EndsAt = nowMs + (long)hit.Length.TotalMilliseconds,
            hit.Hits,
            Now = nowMs,
        }, tx, cancellationToken: ct));
        return new SharedWindow(row.Hits, DateTimeOffset.FromUnixTimeMilliseconds(row.EndsAt));
    }

    private sealed class Row
    {
        public string Bucket { get; init; } = "";
        public long Hits { get; init; }
        public long EndsAt { get; init; }
    }
}
