using System.Collections.Concurrent;

namespace EventScheduler.Api.Infrastructure;

/// <summary>The outcome of counting one request: whether it may pass, and the budget as the RateLimit
/// headers state it.</summary>
public readonly record struct RateLimitDecision(bool Allowed, int Limit, int Remaining, int ResetSeconds);

/// <summary>Fixed-window counters per partition (an API key, a client address, an e-mail), in this
/// process's memory: a limit protects this process, and a restart forgetting the counts is harmless.
/// Time comes from the injected clock, so tests decide when a window ends.</summary>
public sealed class FixedWindowLimiter(TimeProvider time)
{
    private const int PruneEvery = 4096;
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private int _sincePrune;

    public RateLimitDecision Acquire(string partition, WindowLimit limit)
    {
        var now = time.GetUtcNow();
        var length = limit.Window > TimeSpan.Zero ? limit.Window : TimeSpan.FromMinutes(1);
        var permits = Math.Max(1, limit.PermitLimit);
        if (Interlocked.Increment(ref _sincePrune) >= PruneEvery)
        {
            _sincePrune = 0;
            foreach (var (key, stale) in _windows)
            {
                if (stale.EndsAt <= now)
                {
                    _windows.TryRemove(key, out _);
                }
            }
        }

        var window = _windows.AddOrUpdate(partition, _ => new Window(now, now + length, 1),
            (_, w) => now >= w.EndsAt || now < w.StartedAt ? new Window(now, now + length, 1) : w with { Count = w.Count + 1 });
        var reset = Math.Max(1, (int)Math.Ceiling((window.EndsAt - now).TotalSeconds));
        return new RateLimitDecision(window.Count <= permits, permits, Math.Max(0, permits - window.Count), reset);
    }

    private sealed record Window(DateTimeOffset StartedAt, DateTimeOffset EndsAt, int Count);
}

/// <summary>A budget per e-mail address (<see cref="RateLimitingOptions.PerEmail"/>), across client
/// addresses: one attendee's address cannot be used for a flood of sign-ups (or of mails, for the
/// resend-link endpoint) even from many networks. Call <see cref="Check"/> once the body is read.</summary>
public sealed class EmailRateLimiter(RateLimitingOptions options, FixedWindowLimiter limiter)
{
    /// <param name="purpose">Separates budgets, e.g. "sign-up" and "resend-link".</param>
    /// <exception cref="ApiException">429 rate_limited with Retry-After when the budget is spent.</exception>
    public void Check(string purpose, string? email)
    {
        if (!options.Enabled || string.IsNullOrWhiteSpace(email))
        {
            return;
        }

        var decision = limiter.Acquire($"email:{purpose}:{email.Trim().ToLowerInvariant()}", options.PerEmail);
        if (!decision.Allowed)
        {
            Observability.Telemetry.CountRejection("per_email");
            throw RateLimits.TooMany(decision, "Too many requests for this e-mail address.");
        }
    }
}
