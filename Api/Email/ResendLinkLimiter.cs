using EventScheduler.Api.Infrastructure;

namespace EventScheduler.Api.Email;

/// <summary>How often one client address may ask for manage links (Email:ResendLinkPerAddress), besides the general
/// anonymous budget, the per-e-mail budget (<see cref="EmailRateLimiter"/>) and the cap on link mails per registration
/// kept in the database. Counted in the database (<see cref="SharedBudgets"/>), so it holds across processes. Off when
/// RateLimiting:Enabled is false.</summary>
public sealed class ResendLinkLimiter(EmailSettings settings, RateLimitingOptions rateLimiting, SharedBudgets budgets)
{
    /// <exception cref="ApiException">429 rate_limited with Retry-After when the address has used its budget.</exception>
    public async Task CheckAsync(HttpContext context, CancellationToken ct)
    {
        if (!rateLimiting.Enabled)
        {
            return;
        }

        var ip = context.Connection.RemoteIpAddress;
        var address = ip is null ? "unknown" : (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString();
        var decision = await budgets.AcquireAsync("resend-link:" + address, settings.Email.ResendLinkPerAddress, ct);
        if (!decision.Allowed)
        {
            throw RateLimits.TooMany(decision, "Too many link requests from this address.");
        }
    }
}
