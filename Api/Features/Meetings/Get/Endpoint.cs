using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.Meetings.Get;

public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }
}

public sealed class Endpoint(MeetingStore store) : Endpoint<Request, MeetingResponse>
{
    public override void Configure()
    {
        Get("/meetings/{id}");
        AllowAnonymous();
        Description(b => b.Produces<MeetingResponse>(200).ProducesProblems(404), clearDefaults: true);
        Summary(s => s.Summary = "Get a meeting (public once published; drafts only for organisers)");
        Tags("Meetings");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var meeting = await store.GetAsync(req.Id, ct);
        if (meeting is null || !MeetingResponse.IsVisibleTo(meeting, caller))
        {
            throw ApiException.NotFound("Meeting");
        }

        ETags.Set(HttpContext, meeting.Version);
        await Send.OkAsync(MeetingResponse.From(meeting, caller), ct);
    }
}
