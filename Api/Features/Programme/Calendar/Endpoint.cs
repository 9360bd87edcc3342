using System.Text;
using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.Programme.Calendar;

public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }
}

public sealed class Endpoint(ProgrammeReader programme, TimeProvider time) : Endpoint<Request>
{
    public const string ContentType = "text/calendar";

    public override void Configure()
    {
        Get("/meetings/{id}/calendar.ics");
        AllowAnonymous();
        Description(b => b.Produces(200, typeof(string), ContentType).ProducesProblems(404), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = "The meeting and its programme as an iCalendar file (RFC 5545)";
            s.Description = "One VEVENT for the meeting and one per slot, with stable UIDs (meeting-{id}@eventscheduler, slot-{id}@eventscheduler), "
                            + "SEQUENCE rising with every change, UTC times, LOCATION from the venue and STATUS:CANCELLED for cancelled meetings and slots.";
        });
        Tags("Programme");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var (meeting, loaded) = await programme.ReadAsync(req.Id, ct);
        if (meeting is null || !ProgrammeVisibility.IsVisibleTo(meeting, Caller.From(User)))
        {
            throw ApiException.NotFound("Meeting");
        }

        var ics = MeetingCalendar.Write(meeting, loaded.Select(s => ProgrammeSlot.From(s, meeting.Details.TimeZone)).ToList(), time.GetUtcNow());
        var response = HttpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = $"{ContentType}; charset=utf-8";
        response.Headers.ContentDisposition = $"inline; filename=\"meeting-{meeting.Id}.ics\"";
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(ics), ct);
    }
}
