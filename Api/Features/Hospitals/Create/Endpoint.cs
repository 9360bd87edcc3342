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

public sealed class Endpoint(HospitalStore store, TimeProvider time, Idempotency idempotency) : Endpoint<Request, HospitalResponse>
{
    public override void Configure()
    {
        Post("/hospitals");
        Roles(RoleSets.Organisers);
        Description(b => b.Produces<HospitalResponse>(201).ProducesProblems(409, 422), clearDefaults: true);
        Summary(s => s.Summary = "Add a hospital of the alliance");
        Tags("Hospitals");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        using var lease = await idempotency.BeginAsync(req.IdempotencyKey, Caller.From(User), "POST /hospitals", req, ct);
        if (lease?.Replay is { } replay)
        {
            await replay.WriteAsync(HttpContext, replayed: true, ct);
            return;
        }

        var now = time.GetUtcNow();
        var hospital = Hospital.Create(Guid.CreateVersion7(now), req.Name, req.City, req.Province, req.AllianceRole!.Value);
        // One response, sent and (with an Idempotency-Key) recorded in the same transaction as the insert.
        var created = StoredResponse.Json(StatusCodes.Status201Created, $"/hospitals/{hospital.Id}", HospitalResponse.From(hospital));
        await store.InsertAsync(hospital, now, ct, (c, tx) => lease?.RecordAsync(c, tx, created, ct) ?? Task.CompletedTask);
        ETags.Set(HttpContext, hospital.Version);
        await created.WriteAsync(HttpContext, replayed: false, ct);
    }
}
