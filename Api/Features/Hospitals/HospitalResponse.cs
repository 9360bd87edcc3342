using EventScheduler.Domain.Hospitals;

namespace EventScheduler.Api.Features.Hospitals;

public sealed class HospitalResponse
{
    public required Guid Id { get; init; }
    public required string Name { get; init; }
    public required string City { get; init; }
    public required string Province { get; init; }
    public required AllianceRole AllianceRole { get; init; }
    public required int Version { get; init; }

    public static HospitalResponse From(Hospital h) => new()
    {
        Id = h.Id,
        Name = h.Name,
        City = h.City,
        Province = h.Province,
        AllianceRole = h.AllianceRole,
        Version = h.Version,
    };
}

/// <summary>The body of create and update; one validator so both check the same.</summary>
public class HospitalBody
{
    public string Name { get; init; } = "";
    public string City { get; init; } = "";
    public string Province { get; init; } = "";

    /// <summary>chair, vice_chair or member.</summary>
    public AllianceRole? AllianceRole { get; init; }
}

public static class HospitalBodyRules
{
    public static void Apply<T>(FastEndpoints.Validator<T> v) where T : HospitalBody
    {
        v.RuleFor(x => x.Name).NotEmpty().MaximumLength(Hospital.MaxNameLength);
        v.RuleFor(x => x.City).NotEmpty().MaximumLength(Hospital.MaxPlaceLength);
        v.RuleFor(x => x.Province).NotEmpty().MaximumLength(Hospital.MaxPlaceLength);
        v.RuleFor(x => x.AllianceRole).NotNull();
    }
}
