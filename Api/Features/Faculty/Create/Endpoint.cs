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

public sealed class Endpoint(FacultyStore store, TimeProvider time, Idempotency idempotency) : Endpoint<Request, FacultyResponse>
{
    public override void Configure()
    {
        Post("/faculty");
        Roles(RoleSets.Organisers);
        Description(b => b.Produces<FacultyResponse>(201).ProducesProblems(409, 422), clearDefaults: true);
        Summary(s => s.Summary = "Add a faculty member (surgeon who chairs, operates, lectures or moderates)");
        Tags("Faculty");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        using var lease = await idempotency.BeginAsync(req.IdempotencyKey, Caller.From(User), "POST /faculty", req, ct);
        if (lease?.Replay is { } replay)
        {
            await replay.WriteAsync(HttpContext, replayed: true, ct);
            return;
        }

        var now = time.GetUtcNow();
        var member = FacultyMember.Create(Guid.CreateVersion7(now), req.FullName, req.Title, req.HospitalId!.Value, req.Specialty);
        // One response, sent and (with an Idempotency-Key) recorded in the same transaction as the insert.
        var created = StoredResponse.Json(StatusCodes.Status201Created, $"/faculty/{member.Id}", FacultyResponse.From(member));
        await store.InsertAsync(member, now, ct, (c, tx) => lease?.RecordAsync(c, tx, created, ct) ?? Task.CompletedTask);
        ETags.Set(HttpContext, member.Version);
        await created.WriteAsync(HttpContext, replayed: false, ct);
    }
}
