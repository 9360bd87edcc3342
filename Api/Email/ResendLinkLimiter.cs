using EventScheduler.Api.Infrastructure;

namespace EventScheduler.Api.Email;

/// <summary>How often one client address may ask for manage links (Email:ResendLinkPerAddress), besides the general
/// anonymous budget, the per-e-mail budget (<see cref="EmailRateLimiter"/>) and the cap on link mails per registration
/// kept in the database. Off when RateLimiting:Enabled is false.</summary>
public sealed class ResendLinkLimiter(EmailSettings settings, RateLimitingOptions rateLimiting, FixedWindowLimiter limiter)
{
    /// <exception cref="ApiException">429 rate_limited with Retry-After when the address has used its budget.</exception>
    public void Check(HttpContext context)
    {
        if (!rateLimiting.Enabled)
        {
            return;
        }

        var ip = context.Connection.RemoteIpAddress;
        var address = ip is null ? "unknown" : (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString();
        var decision = limiter.Acquire("resend-link:" + address, settings.Email.ResendLinkPerAddress);
        if (!decision.Allowed)
        {
            throw RateLimits.TooMany(decision, "Too many link requests from this address.");
        }
    }
}
