using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Hospitals;
using FastEndpoints;

namespace EventScheduler.Api.Features.Hospitals.Create;

/// <summary>A new member hospital.</summary>
public sealed class Request : HospitalBody
{
    /// <summary>Any unique value (e.g. a UUID): a retry with the same key and body returns the first response unchanged.</summary>
    [FromHeader("Idempotency-Key", IsRequired = false)]
    public string? IdempotencyKey { get; init; }

    /// <summary>The contract's example.</summary>
    public static Request Example => new()
    {
        Name = "Hanzhong 3201 Hospital", City = "Hanzhong", Province = "Shaanxi", AllianceRole = Domain.Hospitals.AllianceRole.Member,
    };

    public sealed class Validator : Validator<Request>
    {
        public Validator() => HospitalBodyRules.Apply(this);
    }
}

public sealed class Endpoint(HospitalStore store, TimeProvider time, IdempotentCreate creates) : Endpoint<Request, HospitalResponse>
{
    public override void Configure()
    {
        Post("/hospitals");
        Roles(RoleSets.Organisers);
        Description(b => b.Produces<HospitalResponse>(201).ProducesProblems(409, 422), clearDefaults: true);
        Summary(s => s.Summary = "Add a hospital of the alliance");
        Tags("Hospitals");
    }

    public override Task HandleAsync(Request req, CancellationToken ct) =>
        creates.SendAsync<Hospital>(HttpContext, req.IdempotencyKey, req, recorder =>
        {
            var now = time.GetUtcNow();
            var hospital = Hospital.Create(Guid.CreateVersion7(now), req.Name, req.City, req.Province, req.AllianceRole!.Value);
            return store.InsertAsync(hospital, now, recorder, ct);
        }, h => StoredResponse.Json(StatusCodes.Status201Created, $"/hospitals/{h.Id}", HospitalResponse.From(h), h.Version), ct);
}
