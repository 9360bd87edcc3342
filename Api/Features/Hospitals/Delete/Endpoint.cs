using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.Hospitals.Delete;

public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }
}

public sealed class Endpoint(HospitalStore store, TimeProvider time) : Endpoint<Request>
{
    public override void Configure()
    {
        Delete("/hospitals/{id}");
        Roles(RoleSets.Organisers);
        Description(b => b.Produces(204).ProducesProblems(404, 409), clearDefaults: true);
        Summary(s => s.Summary = "Delete a hospital no faculty, meeting or key refers to (409 in_use otherwise)");
        Tags("Hospitals");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (!await store.DeleteAsync(req.Id, time.GetUtcNow(), ct))
        {
            throw ApiException.NotFound("Hospital");
        }

        await Send.NoContentAsync(ct);
    }
}
