using System.Security.Claims;
using EventScheduler.Api.Auth;
using EventScheduler.Api.Storage;

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
        if (decision.Allowed)
        {
            return bucket;
        }

        Observability.Telemetry.CountRejection("check_in_misses");
        throw RateLimits.TooMany(decision, "Too many wrong check-in codes for this meeting.");
    }

    /// <summary>Counts one wrong code. The one that spends the key's budget for the meeting also records a
    /// <see cref="ChangeTypes.CheckInGuessingSuspected"/> event (webhooks, change feed), so organisers hear of it.</summary>
    public async Task ChargeAsync(string? bucket, ClaimsPrincipal user, Guid meetingId, CancellationToken ct)
    {
        if (bucket is null)
        {
            return;
        }

        var keyId = user.FindFirst(RoleSets.KeyIdClaim)?.Value ?? "?";
        await budgets.AcquireAsync(bucket, options.CheckInMisses, window => new Change("check_in", keyId, ChangeTypes.CheckInGuessingSuspected, 1,
            meetingId.ToString(), null, new CheckInGuessingEvent(meetingId, keyId, window.Hits, (int)options.CheckInMisses.Window.TotalSeconds, window.EndsAt)), ct);
    }
}

/// <summary>The payload of <see cref="ChangeTypes.CheckInGuessingSuspected"/>: which key, how many wrong codes in how long,
/// and until when its tries are refused. No code that was tried.</summary>
public sealed record CheckInGuessingEvent(Guid MeetingId, string ApiKeyId, long WrongCodes, int WindowSeconds, DateTimeOffset RefusedUntil);
