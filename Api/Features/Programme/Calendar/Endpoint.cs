using System.Globalization;
using System.Text;
using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Programme;
using FastEndpoints;

namespace EventScheduler.Api.Features.Programme.Calendar;

/// <summary>Which meeting's calendar.</summary>
public sealed class Request
{
    /// <summary>The meeting's id.</summary>
    [RouteParam]
    public Guid Id { get; init; }

    /// <summary>zh or en: titles, places and procedures in that language where the organisers translated them; default: as entered.</summary>
    [QueryParam]
    public string? Lang { get; init; }

    public sealed class Validator : Validator<Request>
    {
        public Validator() => RuleFor(x => x.Lang).Must(l => l is null || Domain.Content.ContentLanguages.IsKnown(l))
            .WithMessage("'lang' must be zh or en.");
    }
}

public sealed class Endpoint(ProgrammeReader programme, Database db) : Endpoint<Request>
{
    public const string ContentType = "text/calendar";

    public override void Configure()
    {
        Get("/meetings/{id}/calendar.ics");
        AllowAnonymous();
        Description(b => b.Produces(200, typeof(string), ContentType).Produces(304).ProducesProblems(404), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = "The meeting and its programme as an iCalendar file (RFC 5545)";
            s.Description = "One VEVENT for the meeting and one per slot, with stable UIDs (meeting-{id}@eventscheduler, slot-{id}@eventscheduler), "
                            + "times in the meeting's zone (TZID with its VTIMEZONE, X-WR-TIMEZONE), LOCATION from the venue and STATUS:CANCELLED for "
                            + "cancelled meetings and slots. SEQUENCE rises when a slot's time, place or status changes, not with live-status updates. "
                            + "ETag and Last-Modified: If-None-Match or If-Modified-Since answer 304 while unchanged.";
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

        var entry = new CalendarEntry(meeting, loaded, await CalendarRevisions.LoadAsync(db, [meeting.Id], ct));
        await CalendarResponse.WriteAsync(HttpContext, MeetingCalendar.Write([entry], MeetingText.For(meeting.Details, req.Lang).Title, req.Lang),
            $"meeting-{meeting.Id}.ics", [entry], ct);
    }
}
