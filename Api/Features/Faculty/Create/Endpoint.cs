using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Faculty;
using FastEndpoints;

namespace EventScheduler.Api.Features.Faculty.Create;

/// <summary>A new faculty member.</summary>
public sealed class Request : FacultyBody
{
    /// <summary>Any unique value (e.g. a UUID): a retry with the same key and body returns the first response unchanged.</summary>
    [FromHeader("Idempotency-Key", IsRequired = false)]
    public string? IdempotencyKey { get; init; }

    /// <summary>The contract's example.</summary>
    public static Request Example => new()
    {
        FullName = "Liu Xiaochen", Title = "Director", HospitalId = Guid.Parse("0190a000-0000-7000-8000-000000000002"), Specialty = "Hepatobiliary surgery",
    };

    public sealed class Validator : Validator<Request>
    {
        public Validator() => FacultyBodyRules.Apply(this);
    }
}

public sealed class Endpoint(FacultyStore store, TimeProvider time, IdempotentCreate creates) : Endpoint<Request, FacultyResponse>
{
    public override void Configure()
    {
        Post("/faculty");
        Roles(RoleSets.Organisers);
        Description(b => b.Produces<FacultyResponse>(201).ProducesProblems(409, 422), clearDefaults: true);
        Summary(s => s.Summary = "Add a faculty member (surgeon who chairs, operates, lectures or moderates)");
        Tags("Faculty");
    }

    public override Task HandleAsync(Request req, CancellationToken ct) =>
        creates.SendAsync<FacultyMember>(HttpContext, req.IdempotencyKey, req, recorder =>
        {
            var now = time.GetUtcNow();
            var member = FacultyMember.Create(Guid.CreateVersion7(now), req.FullName, req.Title, req.HospitalId!.Value, req.Specialty);
            return store.InsertAsync(member, now, recorder, ct);
        }, m => StoredResponse.Json(StatusCodes.Status201Created, $"/faculty/{m.Id}", FacultyResponse.From(m), m.Version), ct);
}
