using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.Programme.DeleteSlot;

public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }

    [RouteParam]
    public Guid SlotId { get; init; }

    [FromHeader("If-Match", IsRequired = false)]
    public string? IfMatch { get; init; }
}

public sealed class Endpoint(SlotStore store, TimeProvider time) : Endpoint<Request>
{
    public override void Configure()
    {
        Delete("/meetings/{id}/slots/{slotId}");
        Roles(RoleSets.Organisers);
        Description(b => b.Produces(204).ProducesProblems(404, 409, 412), clearDefaults: true);
        Summary(s => s.Summary = "Remove a slot that has not been on air (409 slot_already_started: cancel it instead)");
        Tags("Programme");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await store.DeleteAsync(req.Id, req.SlotId, ETags.Precondition(req.IfMatch), time.GetUtcNow(), ct);
        await Send.NoContentAsync(ct);
    }
}
