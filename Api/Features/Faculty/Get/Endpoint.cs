using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.Faculty.Get;

public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }
}

public sealed class Endpoint(FacultyStore store) : Endpoint<Request, FacultyResponse>
{
    public override void Configure()
    {
        Get("/faculty/{id}");
        Roles(RoleSets.Organisers);
        Description(b => b.Produces<FacultyResponse>(200).ProducesProblems(404), clearDefaults: true);
        Summary(s => s.Summary = "Get a faculty member");
        Tags("Faculty");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var member = await store.GetAsync(req.Id, ct) ?? throw ApiException.NotFound("Faculty member");
        ETags.Set(HttpContext, member.Version);
        await Send.OkAsync(FacultyResponse.From(member), ct);
    }
}
