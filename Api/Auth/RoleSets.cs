using EventScheduler.Domain.Access;
using EventScheduler.Api.Infrastructure;

namespace EventScheduler.Api.Auth;

/// <summary>Role names as claims carry them, and the role sets endpoints declare. Admin is in every
/// set: it may do everything.</summary>
public static class RoleSets
{
    public static readonly string Admin = EnumText.ToText(ApiRole.Admin);
    public static readonly string Organiser = EnumText.ToText(ApiRole.Organiser);
    public static readonly string Integration = EnumText.ToText(ApiRole.Integration);
    public static readonly string CheckIn = EnumText.ToText(ApiRole.CheckIn);

    public static readonly string[] AdminOnly = [Admin];
    public static readonly string[] Organisers = [Admin, Organiser];
    public static readonly string[] OrganisersAndIntegrations = [Admin, Organiser, Integration];
    public static readonly string[] CheckInStaff = [Admin, Organiser, CheckIn];

    public const string HospitalClaim = "hospital_id";
    public const string KeyIdClaim = "api_key_id";
}
