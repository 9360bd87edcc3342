using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.Programme.GetSlot;

public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }

    [RouteParam]
    public Guid SlotId { get; init; }
}

public sealed class Endpoint(SlotStore store) : Endpoint<Request, SlotResponse>
{
    public override void Configure()
    {
        Get("/meetings/{id}/slots/{slotId}");
        Roles(RoleSets.Organisers);
        Description(b => b.Produces<SlotResponse>(200).ProducesProblems(404), clearDefaults: true);
        Summary(s => s.Summary = "Get a slot with consent details and its live status history (organisers)");
        Tags("Programme");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var found = await store.GetAsync(req.Id, req.SlotId, ct) ?? throw ApiException.NotFound("Slot");
        ETags.Set(HttpContext, found.Slot.Slot.Version);
        await Send.OkAsync(SlotResponse.From(found.Slot.Slot, found.Meeting.Details.TimeZone, found.History), ct);
    }
}
