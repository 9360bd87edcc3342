using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.Faculty.List;

public sealed class Request
{
    [QueryParam]
    public Guid? HospitalId { get; init; }

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
            RuleFor(x => x.Limit).InclusiveBetween(1, Infrastructure.Cursor.MaxLimit);
            RuleFor(x => x.Cursor).MaximumLength(1000);
        }
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
        var page = items.Take(limit).Select(FacultyResponse.From).ToList();
        await Send.OkAsync(new Page<FacultyResponse>
        {
            Items = page,
            NextCursor = items.Count > limit ? Cursor.Encode(page[^1].FullName, page[^1].Id.ToString()) : null,
        }, ct);
    }
}
