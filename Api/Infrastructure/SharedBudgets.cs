using EventScheduler.Api.Storage;

namespace EventScheduler.Api.Infrastructure;

/// <summary>Small budgets that must hold exactly across processes (per e-mail, resend-link per address, wrong
/// check-in codes): each hit is one upsert in the database's <c>rate_windows</c> table, answered with the window's
/// total, so two processes on one database never each grant the whole budget. They guard requests that write
/// anyway (a sign-up, a mail, a check-in), so the one extra statement is small beside them (see docs/benchmarks.md).</summary>
public sealed class SharedBudgets(RateWindowStore store, TimeProvider time)
{
    /// <summary>Counts one hit against <paramref name="bucket"/> and decides on the window's shared total.</summary>
    public async Task<RateLimitDecision> AcquireAsync(string bucket, WindowLimit limit, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var window = (await store.CountAsync([new WindowHits(bucket, 1, Length(limit))], now, ct))[0];
        return Decide(window, limit, now);
    }

    /// <summary>As <see cref="AcquireAsync(string, WindowLimit, CancellationToken)"/>; the hit that spends the budget (the
    /// last one allowed) also records <paramref name="spent"/>'s change, in the same transaction, once per window.</summary>
    public async Task<RateLimitDecision> AcquireAsync(string bucket, WindowLimit limit, Func<SharedWindow, Change> spent, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var window = await store.CountAndReportAsync(new WindowHits(bucket, 1, Length(limit)), Math.Max(1, limit.PermitLimit), spent, now, ct);
        return Decide(window, limit, now);
    }

    /// <summary>Decides on the window's shared total without counting (for budgets charged only on failure).</summary>
    public async Task<RateLimitDecision> PeekAsync(string bucket, WindowLimit limit, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var window = await store.PeekAsync(bucket, now, ct);
        // Not spent yet means one more may try: the hit about to be charged is the one that counts.
        return Decide(window with { Hits = window.Hits + 1 }, limit, now);
    }

    private static RateLimitDecision Decide(SharedWindow window, WindowLimit limit, DateTimeOffset now)
    {
        var permits = Math.Max(1, limit.PermitLimit);
        var reset = Math.Max(1, (int)Math.Ceiling((window.EndsAt - now).TotalSeconds));
        return new RateLimitDecision(window.Hits <= permits, permits, (int)Math.Max(0, permits - window.Hits), reset);
    }

    private static TimeSpan Length(WindowLimit limit) => limit.Window > TimeSpan.Zero ? limit.Window : TimeSpan.FromMinutes(1);
}
