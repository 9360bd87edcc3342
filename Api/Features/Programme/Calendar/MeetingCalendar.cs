using System.Globalization;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Programme;

namespace EventScheduler.Api.Features.Programme.Calendar;

/// <summary>A meeting and its programme as one iCalendar document (RFC 5545): what GET /meetings/{id}/calendar.ics
/// serves and what every mail to an attendee attaches, so a calendar imported from either is updated by the other
/// (same UIDs, SEQUENCE rising with each change).</summary>
public static class MeetingCalendar
{
    public static string Write(Meeting meeting, IReadOnlyList<ProgrammeSlot> slots, DateTimeOffset now)
    {
        var d = meeting.Details;
        var location = d.Venue is null ? null : string.Join(", ", new[] { d.Venue.Name, d.Venue.Address }.Where(s => !string.IsNullOrEmpty(s)));
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
            .Text("X-WR-CALNAME", d.Title);

        w.Raw("BEGIN", "VEVENT")
            .Raw("UID", $"meeting-{meeting.Id}@eventscheduler")
            .Utc("DTSTAMP", now)
            .Raw("SEQUENCE", (meeting.Version - 1).ToString(CultureInfo.InvariantCulture))
            .Utc("DTSTART", d.StartsAt)
            .Utc("DTEND", d.EndsAt)
            .Text("SUMMARY", d.Title)
            .Text("DESCRIPTION", MeetingDescription(meeting))
            .Text("LOCATION", location)
            .Raw("STATUS", meetingStatus)
            .Utc("LAST-MODIFIED", meeting.UpdatedAt)
            .Raw("END", "VEVENT");

        foreach (var slot in slots)
        {
            var status = meeting.Status == MeetingStatus.Cancelled || slot.LiveStatus == LiveStatus.Cancelled ? "CANCELLED" : meetingStatus;
            w.Raw("BEGIN", "VEVENT")
                .Raw("UID", $"slot-{slot.Id}@eventscheduler")
                .Utc("DTSTAMP", now)
                .Raw("SEQUENCE", (slot.Version - 1).ToString(CultureInfo.InvariantCulture))
                .Utc("DTSTART", slot.StartsAt)
                .Utc("DTEND", slot.EndsAt)
                .Text("SUMMARY", slot.Title)
                .Text("DESCRIPTION", SlotDescription(slot))
                .Text("LOCATION", location is null ? slot.Channel : $"{location} ({slot.Channel})")
                .Text("CATEGORIES", EnumText.ToText(slot.Kind))
                .Raw("STATUS", status)
                .Text("RELATED-TO", $"meeting-{meeting.Id}@eventscheduler")
                .Raw("END", "VEVENT");
        }

        return w.Raw("END", "VCALENDAR").ToString();
    }

    private static string MeetingDescription(Meeting meeting)
    {
        var d = meeting.Details;
        var lines = new List<string>();
        if (d.Series is not null)
        {
            lines.Add(d.SeriesNumber is { } n ? $"{d.Series} #{n}" : d.Series);
        }

        if (d.InConjunctionWith is not null)
        {
            lines.Add($"In conjunction with {d.InConjunctionWith}");
        }

        if (meeting.Status == MeetingStatus.Cancelled && meeting.CancellationReason is not null)
        {
            lines.Add($"Cancelled: {meeting.CancellationReason}");
        }

        return string.Join('\n', lines);
    }

    private static string SlotDescription(ProgrammeSlot slot)
    {
        static string Name(ProgrammePerson p) => $"{(p.Title is null ? "" : p.Title + " ")}{p.FullName} ({p.HospitalName})";
        var lines = new List<string>();
        if (slot.Procedure is not null)
        {
            lines.Add($"Live surgery: {slot.Procedure}" + (slot.Approach is { } a ? $" ({EnumText.ToText(a)})" : ""));
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
