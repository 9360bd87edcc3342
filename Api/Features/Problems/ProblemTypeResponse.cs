using EventScheduler.Api.Infrastructure.Errors;

namespace EventScheduler.Api.Features.Problems;

/// <summary>What a problem code means: the page a problem's <c>type</c> URI points at.</summary>
public sealed class ProblemTypeResponse
{
    /// <summary>The code, as in the problem's <c>code</c>.</summary>
    public required string Code { get; init; }

    /// <summary>The problem type URI (this resource's path).</summary>
    public required string Type { get; init; }

    /// <summary>The HTTP status problems with this code have.</summary>
    public required int Status { get; init; }

    /// <summary>What the code means and what to do about it.</summary>
    public required string Description { get; init; }

    /// <summary>Members problems with this code carry besides the standard ones.</summary>
    public required IReadOnlyList<ProblemMemberResponse> Members { get; init; }

    public static ProblemTypeResponse From(ErrorInfo e) => new()
    {
        Code = e.Code,
        Type = $"/problems/{e.Code}",
        Status = e.Status,
        Description = e.Description,
        Members = e.Members.Select(m => new ProblemMemberResponse { Name = m.Name, Type = m.Type, Format = m.Format, Description = m.Description }).ToList(),
    };
}

/// <summary>An extra member of a problem.</summary>
public sealed class ProblemMemberResponse
{
    /// <summary>Its name in the problem body.</summary>
    public required string Name { get; init; }

    /// <summary>JSON type: string, integer or array.</summary>
    public required string Type { get; init; }

    /// <summary>Format of a string (uuid, date-time); null otherwise.</summary>
    public required string? Format { get; init; }

    /// <summary>What it holds.</summary>
    public required string Description { get; init; }
}

/// <summary>Every problem code of the API.</summary>
public sealed class ProblemCatalogueResponse
{
    /// <summary>The codes, grouped as the catalogue lists them.</summary>
    public required IReadOnlyList<ProblemTypeResponse> Items { get; init; }
}
