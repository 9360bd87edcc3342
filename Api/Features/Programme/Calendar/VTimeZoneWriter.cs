using System.Globalization;

namespace EventScheduler.Api.Features.Programme.Calendar;

/// <summary>Writes the VTIMEZONE of an IANA zone (RFC 5545 3.6.5) for the span its events lie in: one
/// observance for the offset at the span's start, then one per transition inside it, each with an explicit
/// DTSTART. A zone without daylight saving (Asia/Shanghai) gets one STANDARD observance.</summary>
public static class VTimeZoneWriter
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(15);

    public static void Write(ICalendarWriter w, TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset to)
    {
        var start = from.AddYears(-1);
        var end = to.AddYears(1);
        w.Raw("BEGIN", "VTIMEZONE").Raw("TZID", zone.Id).Text("X-LIC-LOCATION", zone.Id);
        var offset = zone.GetUtcOffset(start);
        Observance(w, zone, new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.Zero), offset, offset, zone.IsDaylightSavingTime(start), local: new DateTime(1970, 1, 1));
        foreach (var (at, before, after) in Transitions(zone, start, end))
        {
            Observance(w, zone, at, before, after, zone.IsDaylightSavingTime(at), local: (at.UtcDateTime + before));
        }

        w.Raw("END", "VTIMEZONE");
    }

    /// <summary>Offset changes between <paramref name="start"/> and <paramref name="end"/>, found by day
    /// and refined to the quarter hour (every real transition falls on one).</summary>
    private static IEnumerable<(DateTimeOffset At, TimeSpan Before, TimeSpan After)> Transitions(TimeZoneInfo zone, DateTimeOffset start, DateTimeOffset end)
    {
        var day = start;
        var offset = zone.GetUtcOffset(day);
        while (day < end)
        {
            var next = day.AddDays(1);
            var nextOffset = zone.GetUtcOffset(next);
            if (nextOffset != offset)
            {
                var at = day;
                while (zone.GetUtcOffset(at + Step) == offset)
                {
                    at += Step;
                }

                yield return (at + Step, offset, nextOffset);
                offset = nextOffset;
            }

            day = next;
        }
    }

    private static void Observance(ICalendarWriter w, TimeZoneInfo zone, DateTimeOffset at, TimeSpan from, TimeSpan to, bool daylight, DateTime local)
    {
        var kind = daylight ? "DAYLIGHT" : "STANDARD";
        w.Raw("BEGIN", kind)
            .Raw("DTSTART", local.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture))
            .Raw("TZOFFSETFROM", Offset(from))
            .Raw("TZOFFSETTO", Offset(to))
            .Text("TZNAME", daylight ? zone.DaylightName : zone.StandardName)
            .Raw("END", kind);
    }

    private static string Offset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString("hhmm", CultureInfo.InvariantCulture);
}
