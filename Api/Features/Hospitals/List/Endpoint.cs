using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Hospitals;
using FastEndpoints;

namespace EventScheduler.Api.Features.Hospitals.List;

public sealed class Request : PagedRequest
{
    /// <summary>Only hospitals of this province (exact name, e.g. Shaanxi).</summary>
    [QueryParam]
    public string? Province { get; init; }

    /// <summary>Only hospitals with this alliance role.</summary>
    [QueryParam]
    public AllianceRole? Role { get; init; }

    /// <summary>Only items changed after this instant (for catching up; the change feed gives every change in order).</summary>
    [QueryParam]
    public DateTimeOffset? UpdatedSince { get; init; }

    public sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            PagingRules.Apply(this);
            RuleFor(x => x.Province).MaximumLength(Hospital.MaxPlaceLength).NoControlCharacters();
        }
    }
}

public sealed class Endpoint(HospitalStore store) : Endpoint<Request, Page<HospitalResponse>>
{
    public override void Configure()
    {
        Get("/hospitals");
        Roles(RoleSets.Organisers);
        Description(b => b.Produces<Page<HospitalResponse>>(200), clearDefaults: true);
        Summary(s => s.Summary = "List hospitals by name, optionally of one province or alliance role");
        Tags("Hospitals");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var limit = Cursor.Limit(req.Limit);
        var items = await store.ListAsync(req.Province, req.Role, Cursor.Decode(req.Cursor), limit + 1, ct, req.UpdatedSince);
        await Send.OkAsync(Page.Of(items, limit, HospitalResponse.From, h => (h.Name, h.Id.ToString())), ct);
    }
}
