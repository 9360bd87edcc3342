using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.Faculty.Update;

/// <summary>The faculty member's fields, all replaced (PUT).</summary>
public sealed class Request : FacultyBody
{
    [RouteParam]
    public Guid Id { get; init; }

    /// <summary>The ETag from a GET; the update is refused with 412 if the member changed since.</summary>
    [FromHeader("If-Match", IsRequired = false)]
    public string? IfMatch { get; init; }

    public sealed class Validator : Validator<Request>
    {
        public Validator() => FacultyBodyRules.Apply(this);
    }
}

public sealed class Endpoint(FacultyStore store, TimeProvider time) : Endpoint<Request, FacultyResponse>
{
    public override void Configure()
    {
        Put("/faculty/{id}");
        Roles(RoleSets.Organisers);
        Description(b => b.Produces<FacultyResponse>(200).ProducesProblems(404, 412), clearDefaults: true);
        Summary(s => s.Summary = "Replace a faculty member's details");
        Tags("Faculty");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var updated = await store.UpdateAsync(req.Id, ETags.Precondition(req.IfMatch),
            f => f.Update(req.FullName, req.Title, req.HospitalId!.Value, req.Specialty), time.GetUtcNow(), ct);
        ETags.Set(HttpContext, updated.Version);
        await Send.OkAsync(FacultyResponse.From(updated), ct);
    }
}
