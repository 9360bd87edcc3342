using System.Security.Claims;
using EventScheduler.Api.Auth;

namespace EventScheduler.Api.Infrastructure;

/// <summary>Wrong check-in codes per key and meeting (<see cref="RateLimitingOptions.CheckInMisses"/>), counted in
/// the database (<see cref="SharedBudgets"/>) so a desk's key cannot guess codes faster by spreading its tries over
/// several instances. Only misses are charged: a busy door scanning valid codes never runs into it.</summary>
public sealed class CheckInGuessBudget(RateLimitingOptions options, SharedBudgets budgets)
{
    /// <summary>Refuses with 429 when the caller's wrong codes for this meeting are spent; returns the bucket to
    /// charge on a miss (null when limits are off).</summary>
    /// <exception cref="ApiException">429 rate_limited with Retry-After.</exception>
    public async Task<string?> EnsureLeftAsync(ClaimsPrincipal user, Guid meetingId, CancellationToken ct)
    {
        if (!options.Enabled)
        {
            return null;
        }

        var bucket = $"check-in-miss:{user.FindFirst(RoleSets.KeyIdClaim)?.Value ?? "?"}:{meetingId}";
        var decision = await budgets.PeekAsync(bucket, options.CheckInMisses, ct);
        return decision.Allowed ? bucket : throw RateLimits.TooMany(decision, "Too many wrong check-in codes for this meeting.");
    }

    /// <summary>Counts one wrong code.</summary>
    public async Task ChargeAsync(string? bucket, CancellationToken ct)
    {
        if (bucket is not null)
        {
            await budgets.AcquireAsync(bucket, options.CheckInMisses, ct);
        }
    }
}
