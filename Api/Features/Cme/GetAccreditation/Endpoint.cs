using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.Cme.GetAccreditation;

public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }
}

public sealed class Endpoint(AccreditationStore store, MeetingStore meetings) : Endpoint<Request, AccreditationResponse>
{
    public override void Configure()
    {
        Get("/meetings/{id}/accreditation");
        Roles(RoleSets.Organisers);
        Description(b => b.Produces<AccreditationResponse>(200).ProducesProblems(404), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = "Read a meeting's CME accreditation";
            s.Description = "404 not_found when the meeting does not exist or has no accreditation yet.";
        });
        Tags("CME");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var meeting = await meetings.GetAsync(req.Id, ct) ?? throw new NotFoundException("Meeting");
        var stored = await store.GetAsync(req.Id, ct) ?? throw new NotFoundException("Accreditation", "The meeting has no accreditation yet.");
        ETags.Set(HttpContext, stored.Version);
        await Send.OkAsync(AccreditationResponse.From(stored, meeting.Details.TimeZone), ct);
    }
}
