using System.Security.Claims;
using EventScheduler.Domain.Access;
using EventScheduler.Api.Infrastructure;

namespace EventScheduler.Api.Auth;

/// <summary>Who is calling, as endpoints need it: anonymous, or an API key with a role (and, for an
/// integration key, its hospital).</summary>
public sealed record Caller(string? KeyId, ApiRole? Role, Guid? HospitalId)
{
    public static readonly Caller Anonymous = new(null, null, null);

    public bool IsAnonymous => Role is null;
    public bool IsStaff => Role is ApiRole.Admin or ApiRole.Organiser;

    public static Caller From(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return Anonymous;
        }

        var role = user.FindFirstValue(ClaimTypes.Role);
        var hospital = user.FindFirstValue(RoleSets.HospitalClaim);
        return new Caller(user.FindFirstValue(RoleSets.KeyIdClaim),
            role is null ? null : EnumText.Parse<ApiRole>(role),
            Guid.TryParse(hospital, out var h) ? h : null);
    }
}
