namespace EventScheduler.Api.Infrastructure;

/// <summary>A budget per e-mail address (<see cref="RateLimitingOptions.PerEmail"/>), across client
/// addresses and across processes (counted in the database, <see cref="SharedBudgets"/>): one attendee's address
/// cannot be used for a flood of sign-ups (or of mails, for the resend-link endpoint) even from many networks or
/// through several instances. Call <see cref="CheckAsync"/> once the body is read.</summary>
public sealed class EmailRateLimiter(RateLimitingOptions options, SharedBudgets budgets)
{
    /// <param name="purpose">Separates budgets, e.g. "sign-up" and "resend-link".</param>
    /// <exception cref="ApiException">429 rate_limited with Retry-After when the budget is spent.</exception>
    public async Task CheckAsync(string purpose, string? email, CancellationToken ct)
    {
        if (!options.Enabled || string.IsNullOrWhiteSpace(email))
        {
            return;
        }

        var decision = await budgets.AcquireAsync($"email:{purpose}:{email.Trim().ToLowerInvariant()}", options.PerEmail, ct);
        if (!decision.Allowed)
        {
            throw RateLimits.TooMany(decision, "Too many requests for this e-mail address.");
        }
    }
}
