using EventScheduler.Domain.Hospitals;

namespace EventScheduler.Api.Features.Hospitals;

/// <summary>A member hospital of the alliance.</summary>
public sealed class HospitalResponse
{
    /// <summary>The hospital's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>Full name, e.g. Hanzhong 3201 Hospital.</summary>
    public required string Name { get; init; }

    /// <summary>City, e.g. Hanzhong.</summary>
    public required string City { get; init; }

    /// <summary>Province, e.g. Shaanxi.</summary>
    public required string Province { get; init; }

    /// <summary>The hospital's role in the alliance.</summary>
    public required AllianceRole AllianceRole { get; init; }

    /// <summary>Row version, also the ETag; rises with every change.</summary>
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
    /// <summary>Full name, e.g. Hanzhong 3201 Hospital.</summary>
    public string Name { get; init; } = "";

    /// <summary>City, e.g. Hanzhong.</summary>
    public string City { get; init; } = "";

    /// <summary>Province, e.g. Shaanxi.</summary>
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
