using EventScheduler.Domain.Faculty;

namespace EventScheduler.Api.Features.Faculty;

/// <summary>A surgeon or speaker of a member hospital.</summary>
public sealed class FacultyResponse
{
    /// <summary>The faculty member's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>Full name as printed in programmes.</summary>
    public required string FullName { get; init; }

    /// <summary>e.g. Professor, Director; null if none.</summary>
    public required string? Title { get; init; }

    /// <summary>The hospital the faculty member works at.</summary>
    public required Guid HospitalId { get; init; }

    /// <summary>e.g. Hepatobiliary surgery; null if not given.</summary>
    public required string? Specialty { get; init; }

    /// <summary>Row version, also the ETag; rises with every change.</summary>
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
    /// <summary>Full name as printed in programmes.</summary>
    public string FullName { get; init; } = "";

    /// <summary>e.g. Professor, Director.</summary>
    public string? Title { get; init; }

    /// <summary>The hospital the faculty member works at.</summary>
    public Guid? HospitalId { get; init; }

    /// <summary>e.g. Hepatobiliary surgery.</summary>
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
