using EventScheduler.Api.Auth;
using EventScheduler.Api.Features.Meetings;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.Programme.GetProgramme;

public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }
}

public sealed class Endpoint(SlotStore store) : Endpoint<Request, ProgrammeResponse>
{
    public override void Configure()
    {
        Get("/meetings/{id}/programme");
        AllowAnonymous();
        Description(b => b.Produces<ProgrammeResponse>(200).ProducesProblems(404), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = "The public programme: slots in order with people's names, titles and hospitals and the current live status";
            s.Description = "For published meetings (and ones completed or cancelled after publication). Nothing private: no consent "
                            + "details, no stream URL, and no patient data exists to show.";
        });
        Tags("Programme");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var (meeting, slots, _) = await store.ProgrammeAsync(req.Id, ct);
        if (meeting is null || !ProgrammeVisibility.IsVisibleTo(meeting, Caller.From(User)))
        {
            throw ApiException.NotFound("Meeting");
        }

        var d = meeting.Details;
        await Send.OkAsync(new ProgrammeResponse
        {
            MeetingId = meeting.Id,
            Title = d.Title,
            Status = meeting.Status,
            TimeZone = d.TimeZone,
            StartsAt = Instants.InZone(d.StartsAt, d.TimeZone),
            EndsAt = Instants.InZone(d.EndsAt, d.TimeZone),
            Venue = d.Venue is null ? null : new VenueDto { Name = d.Venue.Name, Address = d.Venue.Address },
            Slots = slots,
        }, ct);
    }
}
