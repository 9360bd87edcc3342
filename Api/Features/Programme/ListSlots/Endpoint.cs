using System.Globalization;
using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.Programme.ListSlots;

public sealed class Request : PagedRequest
{
    [RouteParam]
    public Guid Id { get; init; }

    public sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            PagingRules.Apply(this);
        }
    }
}

public sealed class Endpoint(SlotStore store) : Endpoint<Request, Page<SlotResponse>>
{
    public override void Configure()
    {
        Get("/meetings/{id}/slots");
        Roles(RoleSets.Organisers);
        Description(b => b.Produces<Page<SlotResponse>>(200).ProducesProblems(404), clearDefaults: true);
        Summary(s => s.Summary = "List a meeting's slots in start order, with consent details (organisers)");
        Tags("Programme");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var limit = Cursor.Limit(req.Limit);
        var (meeting, slots) = await store.ListAsync(req.Id, Cursor.DecodeNumeric(req.Cursor), limit + 1, ct);
        if (meeting is null)
        {
            throw ApiException.NotFound("Meeting");
        }

        await Send.OkAsync(Page.Of(slots, limit, s => SlotResponse.From(s.Slot, meeting.Details.TimeZone),
            s => (Instants.ToMs(s.Slot.Details.StartsAt).ToString(CultureInfo.InvariantCulture), s.Slot.Id.ToString())), ct);
    }
}
