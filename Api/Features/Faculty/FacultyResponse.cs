using EventScheduler.Domain.Faculty;

namespace EventScheduler.Api.Features.Faculty;

public sealed class FacultyResponse
{
    public required Guid Id { get; init; }
    public required string FullName { get; init; }
    public required string? Title { get; init; }
    public required Guid HospitalId { get; init; }
    public required string? Specialty { get; init; }
    public required int Version { get; init; }

    public static FacultyResponse From(FacultyMember f) => new()
    {
        Id = f.Id,
        FullName = f.FullName,
        Title = f.Title,
        HospitalId = f.HospitalId,
        Specialty = f.Specialty,
        Version = f.Version,
    };
}

public class FacultyBody
{
    public string FullName { get; init; } = "";

    /// <summary>e.g. Professor, Director.</summary>
    public string? Title { get; init; }

    public Guid? HospitalId { get; init; }
    public string? Specialty { get; init; }
}

public static class FacultyBodyRules
{
    public static void Apply<T>(FastEndpoints.Validator<T> v) where T : FacultyBody
    {
        v.RuleFor(x => x.FullName).NotEmpty().MaximumLength(FacultyMember.MaxNameLength);
        v.RuleFor(x => x.Title).MaximumLength(FacultyMember.MaxTitleLength);
        v.RuleFor(x => x.Specialty).MaximumLength(FacultyMember.MaxSpecialtyLength);
        v.RuleFor(x => x.HospitalId).NotNull().NotEqual(Guid.Empty);
    }
}
