using System.Globalization;
using System.Text;
using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Programme;
using FastEndpoints;

namespace EventScheduler.Api.Features.Programme.Calendar;

public sealed class Request
{
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

        var ics = Write(meeting, loaded.Select(s => ProgrammeSlot.From(s, meeting.Details.TimeZone)).ToList(), time.GetUtcNow(), req.Lang);
        var response = HttpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = $"{ContentType}; charset=utf-8";
        response.Headers.ContentDisposition = $"inline; filename=\"meeting-{meeting.Id}.ics\"";
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(ics), ct);
    }

    public static string Write(Meeting meeting, IReadOnlyList<ProgrammeSlot> slots, DateTimeOffset now, string? language = null)
    {
        var d = meeting.Details;
        var text = MeetingText.For(d, language);
        var location = text.VenueName is null ? null : string.Join(", ", new[] { text.VenueName, text.VenueAddress }.Where(s => !string.IsNullOrEmpty(s)));
        var meetingStatus = meeting.Status switch
        {
            MeetingStatus.Cancelled => "CANCELLED",
            MeetingStatus.Draft => "TENTATIVE",
            _ => "CONFIRMED",
        };
        var w = new ICalendarWriter()
            .Raw("BEGIN", "VCALENDAR")
            .Raw("VERSION", "2.0")
            .Raw("PRODID", "-//EventScheduler//Livestreamed surgery meetings//EN")
            .Raw("CALSCALE", "GREGORIAN")
            .Raw("METHOD", "PUBLISH")
            .Text("X-WR-CALNAME", text.Title);

        w.Raw("BEGIN", "VEVENT")
            .Raw("UID", $"meeting-{meeting.Id}@eventscheduler")
            .Utc("DTSTAMP", now)
            .Raw("SEQUENCE", (meeting.Version - 1).ToString(CultureInfo.InvariantCulture))
            .Utc("DTSTART", d.StartsAt)
            .Utc("DTEND", d.EndsAt)
            .Text("SUMMARY", text.Title)
            .Text("DESCRIPTION", MeetingDescription(meeting, text))
            .Text("LOCATION", location)
            .Raw("STATUS", meetingStatus)
            .Utc("LAST-MODIFIED", meeting.UpdatedAt)
            .Raw("END", "VEVENT");

        foreach (var slot in slots)
        {
            var status = meeting.Status == MeetingStatus.Cancelled || slot.LiveStatus == LiveStatus.Cancelled ? "CANCELLED" : meetingStatus;
            var translated = language switch
            {
                Domain.Content.ContentLanguages.Chinese => slot.Translations.Zh,
                Domain.Content.ContentLanguages.English => slot.Translations.En,
                _ => null,
            };
            w.Raw("BEGIN", "VEVENT")
                .Raw("UID", $"slot-{slot.Id}@eventscheduler")
                .Utc("DTSTAMP", now)
                .Raw("SEQUENCE", (slot.Version - 1).ToString(CultureInfo.InvariantCulture))
                .Utc("DTSTART", slot.StartsAt)
                .Utc("DTEND", slot.EndsAt)
                .Text("SUMMARY", translated?.Title ?? slot.Title)
                .Text("DESCRIPTION", SlotDescription(slot, slot.Procedure is null ? null : translated?.Procedure ?? slot.Procedure))
                .Text("LOCATION", location is null ? slot.Channel : $"{location} ({slot.Channel})")
                .Text("CATEGORIES", EnumText.ToText(slot.Kind))
                .Raw("STATUS", status)
                .Text("RELATED-TO", $"meeting-{meeting.Id}@eventscheduler")
                .Raw("END", "VEVENT");
        }

        return w.Raw("END", "VCALENDAR").ToString();
    }

    private static string MeetingDescription(Meeting meeting, MeetingText text)
    {
        var d = meeting.Details;
        var lines = new List<string>();
        if (text.Series is not null)
        {
            lines.Add(d.SeriesNumber is { } n ? $"{text.Series} #{n}" : text.Series);
        }

        if (text.InConjunctionWith is not null)
        {
            lines.Add($"In conjunction with {text.InConjunctionWith}");
        }

        if (meeting.Status == MeetingStatus.Cancelled && meeting.CancellationReason is not null)
        {
            lines.Add($"Cancelled: {meeting.CancellationReason}");
        }

        return string.Join('\n', lines);
    }

    private static string SlotDescription(ProgrammeSlot slot, string? procedure)
    {
        static string Name(ProgrammePerson p) => $"{(p.Title is null ? "" : p.Title + " ")}{p.FullName} ({p.HospitalName})";
        var lines = new List<string>();
        if (procedure is not null)
        {
            lines.Add($"Live surgery: {procedure}" + (slot.Approach is { } a ? $" ({EnumText.ToText(a)})" : ""));
        }

        if (slot.OriginHospital is not null)
        {
            lines.Add($"From: {slot.OriginHospital.Name}, {slot.OriginHospital.City}");
        }

        if (slot.OperatingSurgeons.Count > 0)
        {
            lines.Add("Operating: " + string.Join(", ", slot.OperatingSurgeons.Select(p => $"{Name(p)} {EnumText.ToText(p.Role ?? SurgeonRole.Assistant)}")));
        }

        if (slot.Speakers.Count > 0)
        {
            lines.Add("Speakers: " + string.Join(", ", slot.Speakers.Select(Name)));
        }

        if (slot.Moderators.Count > 0)
        {
            lines.Add("Moderators: " + string.Join(", ", slot.Moderators.Select(Name)));
        }

        return string.Join('\n', lines);
    }
}
