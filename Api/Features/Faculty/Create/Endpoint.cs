using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Faculty;
using FastEndpoints;

namespace EventScheduler.Api.Features.Faculty.Create;

public sealed class Request : FacultyBody
{
    public sealed class Validator : Validator<Request>
    {
        public Validator() => FacultyBodyRules.Apply(this);
    }
}

public sealed class Endpoint(FacultyStore store, TimeProvider time) : Endpoint<Request, FacultyResponse>
{
    public override void Configure()
    {
        Post("/faculty");
        Roles(RoleSets.Organisers);
        Description(b => b.Produces<FacultyResponse>(201), clearDefaults: true);
        Summary(s => s.Summary = "Add a faculty member (surgeon who chairs, operates, lectures or moderates)");
        Tags("Faculty");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var member = FacultyMember.Create(Guid.CreateVersion7(now), req.FullName, req.Title, req.HospitalId!.Value, req.Specialty);
        await store.InsertAsync(member, now, ct);
        ETags.Set(HttpContext, member.Version);
        await Send.CreatedAtAsync<Get.Endpoint>(new { id = member.Id }, FacultyResponse.From(member), cancellation: ct);
    }
}
