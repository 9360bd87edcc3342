using System.Globalization;
using System.Threading.RateLimiting;
using EventScheduler.Api.Infrastructure;

namespace EventScheduler.Api.Email;

/// <summary>How often one client address may ask for manage links (Email:ResendLinkPerAddress), on top of the per-e-mail
/// budget kept in the database. Off when RateLimiting:Enabled is false.</summary>
public sealed class ResendLinkLimiter(EmailSettings settings, RateLimitingOptions rateLimiting) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, settings.Email.ResendLinkPerAddress.PermitLimit),
            Window = settings.Email.ResendLinkPerAddress.Window > TimeSpan.Zero ? settings.Email.ResendLinkPerAddress.Window : TimeSpan.FromHours(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>Throws 429 rate_limited when the client address has used its budget.</summary>
    public void Check(HttpContext context)
    {
        if (!rateLimiting.Enabled)
        {
            return;
        }

        var ip = context.Connection.RemoteIpAddress;
        var address = ip is null ? "unknown" : (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString();
        using var lease = _limiter.AttemptAcquire(address);
        if (lease.IsAcquired)
        {
            return;
        }

        var seconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 60;
        var limited = new ApiException(StatusCodes.Status429TooManyRequests, RateLimits.Code, $"Too many link requests from this address. Retry after {seconds} s.");
        limited.Headers["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture);
        throw limited;
    }

    public void Dispose() => _limiter.Dispose();
}
