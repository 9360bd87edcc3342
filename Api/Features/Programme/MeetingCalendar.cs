using EventScheduler.Domain.Common;
using System.Globalization;
using EventScheduler.Api.Features.Programme.Calendar;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Programme;

namespace EventScheduler.Api.Features.Programme;

/// <summary>A meeting and its slots, as one calendar shows them.</summary>
/// <param name="Revisions">The stored counts SEQUENCE is made from (see <see cref="CalendarRevisions"/>).</param>
public sealed record CalendarEntry(Meeting Meeting, IReadOnlyList<LoadedSlot> Slots, CalendarRevisions Revisions)
{
    /// <summary>SEQUENCE of the meeting: the changes of its time, place or calendar status, counted when they were
    /// saved (Domain's CalendarSignificance), not its version.</summary>
    public int MeetingSequence => Revisions.MeetingSequences.GetValueOrDefault(Meeting.Id);

    /// <summary>SEQUENCE of a slot: its versions less the live-status updates, so it rises with changes of
    /// time, place or status only.</summary>
    public int Sequence(Slot slot) => Math.Max(0, slot.Version - 1 - Revisions.MinorSlotChanges.GetValueOrDefault(slot.Id));

    /// <summary>The last change of the meeting or any of its slots.</summary>
    public DateTimeOffset LastModified =>
        Slots.Select(s => s.Slot.UpdatedAt).Append(Meeting.UpdatedAt).Max();
}

/// <summary>Meetings and their programmes as one iCalendar document (RFC 5545): what GET /meetings/{id}/calendar.ics and
/// the series calendar serve, and what every mail to an attendee attaches, so a calendar imported from any of them is
/// updated by the others (same UIDs, SEQUENCE rising with each change).</summary>
public static class MeetingCalendar
{
    /// <summary>One VCALENDAR of the meetings and their slots, times in each meeting's own zone (TZID with
    /// its VTIMEZONE, X-WR-TIMEZONE for the calendar). DTSTAMP is the data's last change, so an unchanged
    /// calendar is byte for byte the same (its ETag too).</summary>
    /// <param name="language">zh or en: translated texts where there are some; null: as entered.</param>
    public static string Write(IReadOnlyList<CalendarEntry> entries, string name, string? language = null)
    {
        var w = new ICalendarWriter()
            .Raw("BEGIN", "VCALENDAR")
            .Raw("VERSION", "2.0")
            .Raw("PRODID", "-//EventScheduler//Livestreamed surgery meetings//EN")
            .Raw("CALSCALE", "GREGORIAN")
            .Raw("METHOD", "PUBLISH")
            .Text("X-WR-CALNAME", name);
        var zones = entries.Select(e => e.Meeting.Details.TimeZone).Distinct(StringComparer.Ordinal).ToList();
        if (zones.Count > 0)
        {
            w.Text("X-WR-TIMEZONE", zones[0]);
        }

        foreach (var zone in zones)
        {
            var of = entries.Where(e => e.Meeting.Details.TimeZone == zone).ToList();
            VTimeZoneWriter.Write(w, TimeZones.Find(zone),
                of.Min(e => e.Meeting.Details.StartsAt), of.Max(e => e.Meeting.Details.EndsAt));
        }

        foreach (var entry in entries)
        {
            WriteMeeting(w, entry, language);
        }

        return w.Raw("END", "VCALENDAR").ToString();
    }

    private static void WriteMeeting(ICalendarWriter w, CalendarEntry entry, string? language)
    {
        var meeting = entry.Meeting;
        var d = meeting.Details;
        var zone = TimeZones.Find(d.TimeZone);
        var stamp = entry.LastModified;
        var text = MeetingText.For(d, language);
        var labels = CalendarLabels.For(language);
        var location = text.VenueName is null ? null : string.Join(", ", new[] { text.VenueName, text.VenueAddress }.Where(s => !string.IsNullOrEmpty(s)));
        var meetingStatus = meeting.Status switch
        {
            MeetingStatus.Cancelled => "CANCELLED",
            MeetingStatus.Draft => "TENTATIVE",
            _ => "CONFIRMED",
        };
        w.Raw("BEGIN", "VEVENT")
            .Raw("UID", $"meeting-{meeting.Id}@eventscheduler")
            .Utc("DTSTAMP", stamp)
            .Raw("SEQUENCE", entry.MeetingSequence.ToString(CultureInfo.InvariantCulture))
            .Local("DTSTART", d.StartsAt, zone)
            .Local("DTEND", d.EndsAt, zone)
            .Text("SUMMARY", text.Title)
            .Text("DESCRIPTION", MeetingDescription(meeting, text, labels))
            .Text("LOCATION", location)
            .Raw("STATUS", meetingStatus)
            .Utc("LAST-MODIFIED", meeting.UpdatedAt)
            .Raw("END", "VEVENT");

        foreach (var loaded in entry.Slots)
        {
            var slot = ProgrammeSlot.From(loaded, d.TimeZone);
            var status = meeting.Status == MeetingStatus.Cancelled || slot.LiveStatus == LiveStatus.Cancelled ? "CANCELLED" : meetingStatus;
            w.Raw("BEGIN", "VEVENT")
                .Raw("UID", $"slot-{slot.Id}@eventscheduler")
                .Utc("DTSTAMP", stamp)
                .Raw("SEQUENCE", entry.Sequence(loaded.Slot).ToString(CultureInfo.InvariantCulture))
                .Local("DTSTART", slot.StartsAt, zone)
                .Local("DTEND", slot.EndsAt, zone)
                .Text("SUMMARY", Translated(slot, language)?.Title ?? slot.Title)
                .Text("DESCRIPTION", SlotDescription(slot, slot.Procedure is null ? null : Translated(slot, language)?.Procedure ?? slot.Procedure, labels))
                .Text("LOCATION", location is null ? slot.Channel : $"{location} ({slot.Channel})")
                .Text("CATEGORIES", EnumText.ToText(slot.Kind))
                .Raw("STATUS", status)
                .Text("RELATED-TO", $"meeting-{meeting.Id}@eventscheduler")
                .Utc("LAST-MODIFIED", loaded.Slot.UpdatedAt)
                .Raw("END", "VEVENT");
        }
    }

    private static SlotTranslationDto? Translated(ProgrammeSlot slot, string? language) => language switch
    {
        Domain.Content.ContentLanguages.Chinese => slot.Translations.Zh,
        Domain.Content.ContentLanguages.English => slot.Translations.En,
        _ => null,
    };

    private static string MeetingDescription(Meeting meeting, MeetingText text, CalendarLabels labels)
    {
        var d = meeting.Details;
        var lines = new List<string>();
        if (text.Series is not null)
        {
            lines.Add(d.SeriesNumber is { } n ? labels.SeriesNumber(text.Series, n) : text.Series);
        }

        if (text.InConjunctionWith is not null)
        {
            lines.Add(labels.InConjunctionWith(text.InConjunctionWith));
        }

        if (meeting.Status == MeetingStatus.Cancelled && meeting.CancellationReason is not null)
        {
            lines.Add(labels.Cancelled(meeting.CancellationReason));
        }

        return string.Join('\n', lines);
    }

    private static string SlotDescription(ProgrammeSlot slot, string? procedure, CalendarLabels labels)
    {
        string Name(ProgrammePerson p) => labels.Person(p.FullName, p.Title, p.HospitalName);
        var lines = new List<string>();
        if (procedure is not null)
        {
            lines.Add(labels.LiveSurgery(procedure, slot.Approach is { } a ? labels.Approach(a) : null));
        }

        if (slot.OriginHospital is not null)
        {
            lines.Add(labels.From(slot.OriginHospital.Name, slot.OriginHospital.City));
        }

        if (slot.OperatingSurgeons.Count > 0)
        {
            lines.Add(labels.Operating + string.Join(labels.ListSeparator,
                slot.OperatingSurgeons.Select(p => $"{Name(p)} {labels.Role(p.Role ?? SurgeonRole.Assistant)}")));
        }

        if (slot.Speakers.Count > 0)
        {
            lines.Add(labels.Speakers + string.Join(labels.ListSeparator, slot.Speakers.Select(Name)));
        }

        if (slot.Moderators.Count > 0)
        {
            lines.Add(labels.Moderators + string.Join(labels.ListSeparator, slot.Moderators.Select(Name)));
        }

        return string.Join('\n', lines);
    }
}
