using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.Hospitals.Get;

public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }
}

public sealed class Endpoint(HospitalStore store) : Endpoint<Request, HospitalResponse>
{
    public override void Configure()
    {
        Get("/hospitals/{id}");
        Roles(RoleSets.Organisers);
        Description(b => b.Produces<HospitalResponse>(200).ProducesProblems(404), clearDefaults: true);
        Summary(s => s.Summary = "Get a hospital");
        Tags("Hospitals");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var hospital = await store.GetAsync(req.Id, ct) ?? throw ApiException.NotFound("Hospital");
        ETags.Set(HttpContext, hospital.Version);
        await Send.OkAsync(HospitalResponse.From(hospital), ct);
    }
}
