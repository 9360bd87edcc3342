using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.Meetings.Delete;

public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }
}

public sealed class Endpoint(MeetingStore store, TimeProvider time) : Endpoint<Request>
{
    public override void Configure()
    {
        Delete("/meetings/{id}");
        Roles(RoleSets.Organisers);
        Description(b => b.Produces(204).ProducesProblems(404, 409), clearDefaults: true);
        Summary(s => s.Summary = "Delete a draft meeting (409 meeting_not_draft otherwise: cancel it instead)");
        Tags("Meetings");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (!await store.DeleteAsync(req.Id, time.GetUtcNow(), ct))
        {
            throw ApiException.NotFound("Meeting");
        }

        await Send.NoContentAsync(ct);
    }
}
