using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Hospitals;
using FastEndpoints;

namespace EventScheduler.Api.Features.Hospitals.List;

public sealed class Request
{
    [QueryParam]
    public string? Province { get; init; }

    [QueryParam]
    public AllianceRole? Role { get; init; }

    /// <summary>Only items changed after this instant (for catching up; the change feed gives every change in order).</summary>
    [QueryParam]
    public DateTimeOffset? UpdatedSince { get; init; }

    [QueryParam]
    public int? Limit { get; init; }

    [QueryParam]
    public string? Cursor { get; init; }

    public sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Province).MaximumLength(Hospital.MaxPlaceLength);
            RuleFor(x => x.Limit).InclusiveBetween(1, Infrastructure.Cursor.MaxLimit);
            RuleFor(x => x.Cursor).MaximumLength(1000);
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
        var after = Cursor.Decode(req.Cursor);
        var items = await store.ListAsync(req.Province, req.Role, after, limit + 1, ct, req.UpdatedSince);
        var page = items.Take(limit).Select(HospitalResponse.From).ToList();
        await Send.OkAsync(new Page<HospitalResponse>
        {
            Items = page,
            NextCursor = items.Count > limit ? Cursor.Encode(page[^1].Name, page[^1].Id.ToString()) : null,
        }, ct);
    }
}
