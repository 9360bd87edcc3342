using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Hospitals;
using FastEndpoints;

namespace EventScheduler.Api.Features.Hospitals.Create;

public sealed class Request : HospitalBody
{
    public sealed class Validator : Validator<Request>
    {
        public Validator() => HospitalBodyRules.Apply(this);
    }
}

public sealed class Endpoint(HospitalStore store, TimeProvider time) : Endpoint<Request, HospitalResponse>
{
    public override void Configure()
    {
        Post("/hospitals");
        Roles(RoleSets.Organisers);
        Description(b => b.Produces<HospitalResponse>(201).ProducesProblems(409), clearDefaults: true);
        Summary(s => s.Summary = "Add a hospital of the alliance");
        Tags("Hospitals");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var hospital = Hospital.Create(Guid.CreateVersion7(now), req.Name, req.City, req.Province, req.AllianceRole!.Value);
        await store.InsertAsync(hospital, now, ct);
        ETags.Set(HttpContext, hospital.Version);
        await Send.CreatedAtAsync<Get.Endpoint>(new { id = hospital.Id }, HospitalResponse.From(hospital), cancellation: ct);
    }
}
