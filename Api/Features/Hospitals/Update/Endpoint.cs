using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.Hospitals.Update;

/// <summary>The hospital's fields, all replaced (PUT).</summary>
public sealed class Request : HospitalBody
{
    [RouteParam]
    public Guid Id { get; init; }

    /// <summary>The ETag from a GET; the update is refused with 412 if the hospital changed since.</summary>
    [FromHeader("If-Match", IsRequired = false)]
    public string? IfMatch { get; init; }

    public sealed class Validator : Validator<Request>
    {
        public Validator() => HospitalBodyRules.Apply(this);
    }
}

public sealed class Endpoint(HospitalStore store, TimeProvider time) : Endpoint<Request, HospitalResponse>
{
    public override void Configure()
    {
        Put("/hospitals/{id}");
        Roles(RoleSets.Organisers);
        Description(b => b.Produces<HospitalResponse>(200).ProducesProblems(404, 409, 412), clearDefaults: true);
        Summary(s => s.Summary = "Replace a hospital's details");
        Tags("Hospitals");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var updated = await store.UpdateAsync(req.Id, ETags.Precondition(req.IfMatch),
            h => h.Update(req.Name, req.City, req.Province, req.AllianceRole!.Value), time.GetUtcNow(), ct);
        ETags.Set(HttpContext, updated.Version);
        await Send.OkAsync(HospitalResponse.From(updated), ct);
    }
}
