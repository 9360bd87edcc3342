using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.Faculty.List;

public sealed class Request : PagedRequest
{
    /// <summary>Only faculty of this hospital.</summary>
    [QueryParam]
    public Guid? HospitalId { get; init; }

    /// <summary>Only items changed after this instant (for catching up; the change feed gives every change in order).</summary>
    [QueryParam]
    public DateTimeOffset? UpdatedSince { get; init; }

    public sealed class Validator : Validator<Request>
    {
        public Validator() => PagingRules.Apply(this);
    }
}

public sealed class Endpoint(FacultyStore store) : Endpoint<Request, Page<FacultyResponse>>
{
    public override void Configure()
    {
        Get("/faculty");
        Roles(RoleSets.Organisers);
        Description(b => b.Produces<Page<FacultyResponse>>(200), clearDefaults: true);
        Summary(s => s.Summary = "List faculty by name, optionally of one hospital");
        Tags("Faculty");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var limit = Cursor.Limit(req.Limit);
        var items = await store.ListAsync(req.HospitalId, Cursor.Decode(req.Cursor), limit + 1, ct, req.UpdatedSince);
        await Send.OkAsync(Page.Of(items, limit, FacultyResponse.From, f => (f.FullName, f.Id.ToString())), ct);
    }
}
