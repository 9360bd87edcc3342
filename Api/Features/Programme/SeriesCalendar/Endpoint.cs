using EventScheduler.Api.Features.Programme.Calendar;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.Programme.SeriesCalendar;

/// <summary>Which series' calendar.</summary>
public sealed class Request
{
    /// <summary>The meetings' `series` text, URL-encoded (e.g. Northwest%20Laparoscopic%20Liver%20Alliance%20Livestreaming%20Surgery%20Meeting).</summary>
    [RouteParam]
    public string Series { get; init; } = "";

    public sealed class Validator : Validator<Request>
    {
        public Validator() => RuleFor(x => x.Series).NotEmpty().MaximumLength(Domain.Meetings.MeetingDetails.MaxSeriesLength).NoControlCharacters();
    }
}

public sealed class Endpoint(MeetingStore meetings, ProgrammeReader programme, Database db) : Endpoint<Request>
{
    /// <summary>At most this many meetings of a series in one calendar (the latest by start).</summary>
    public const int MaxMeetings = 200;

    public override void Configure()
    {
        Get("/series/{series}/calendar.ics");
        AllowAnonymous();
        Description(b => b.Produces(200, typeof(string), CalendarResponse.ContentType).Produces(304).ProducesProblems(404), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = "Every published meeting of a series and its programme as one iCalendar feed, to subscribe to";
            s.Description = "The same VEVENTs as each meeting's calendar.ics. 404 when the series has no published meeting. "
                            + "ETag and Last-Modified: If-None-Match or If-Modified-Since answer 304 while unchanged.";
        });
        Tags("Programme");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var found = await meetings.ListAsync(new MeetingFilter(null, null, null, req.Series, null, null, PublicOnly: true), null, MaxMeetings, ct);
        var published = found.Where(m => m.PublishedAt is not null).ToList();
        if (published.Count == 0)
        {
            throw ApiException.NotFound($"Series '{req.Series}'");
        }

        var revisions = await CalendarRevisions.LoadAsync(db, published.Select(m => m.Id), ct);
        var entries = new List<CalendarEntry>();
        foreach (var meeting in published)
        {
            var (current, slots) = await programme.ReadAsync(meeting.Id, ct);
            if (current is not null)
            {
                entries.Add(new CalendarEntry(current, slots, revisions));
            }
        }

        await CalendarResponse.WriteAsync(HttpContext, MeetingCalendar.Write(entries, req.Series), "series.ics", entries, ct);
    }
}
