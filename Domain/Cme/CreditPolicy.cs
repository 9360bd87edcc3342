namespace EventScheduler.Domain.Cme;

/// <summary>Turns a registration's evidence into minutes, a percentage, eligibility and credits. Pure:
/// the same evidence (in any order) always gives the same answer.
/// <list type="number">
/// <item>Presence in person: a check-in or a scan in at the venue opens presence, a scan out closes it;
/// still open, it lasts to the end of the programme. Scans at a session's door (with a slot) give that
/// slot's presence instead, as the more specific evidence; still open, to the end of that slot.</item>
/// <item>Presence online: each heartbeat covers the <see cref="HeartbeatCoverage"/> before it (the page
/// beats every minute; the extra 15 s absorb timer jitter). A gap in heartbeats is time not present. A
/// join alone proves no watching.</item>
/// <item>Per accredited slot: presence merged (overlaps once), clipped to the slot's actual window,
/// then the organiser's corrections added, kept between 0 and the window's length.</item>
/// <item>Total: the union over slots, so parallel slots count once, plus the corrections' net effect,
/// kept between 0 and the accredited time; percent of accredited time; eligible at or above the
/// minimum; credits = hours × rate, rounded down to the step, capped.</item>
/// </list></summary>
public static class CreditPolicy
{
    public static readonly TimeSpan HeartbeatCoverage = TimeSpan.FromSeconds(75);

    private const decimal TicksPerMinute = TimeSpan.TicksPerMinute;

    public static AttendanceAssessment Assess(Accreditation? accreditation, IReadOnlyList<AccreditedSlot> slots, IEnumerable<EvidenceEntry> evidence)
    {
        var entries = evidence.OrderBy(e => e.OccurredAt).ThenBy(e => e.Kind).ThenBy(e => e.SlotId).ThenBy(e => e.Minutes).ToList();
        var programmeEnd = slots.Count == 0 ? DateTimeOffset.MinValue : slots.Max(s => s.Window.End);

        var venue = Presence(entries.Where(e => e.SlotId is null), programmeEnd);
        var online = TimeRanges.Merge(entries.Where(e => e.Kind == EvidenceKind.Heartbeat)
            .Select(e => new TimeRange(e.OccurredAt - HeartbeatCoverage, e.OccurredAt)));

        var perSlot = new List<SlotAttendance>(slots.Count);
        var presentInWindows = new List<TimeRange>();
        var correction = TimeSpan.Zero;
        foreach (var slot in slots.OrderBy(s => s.Window.Start).ThenBy(s => s.SlotId))
        {
            var doorScans = entries.Where(e => e.SlotId == slot.SlotId && e.Kind is EvidenceKind.ScanIn or EvidenceKind.ScanOut).ToList();
            var inPerson = doorScans.Count > 0 ? Presence(doorScans, slot.Window.End) : venue;
            var present = TimeRanges.Clip(TimeRanges.Merge(inPerson.Concat(online)), slot.Window);
            presentInWindows.AddRange(present);

            var raw = TimeRanges.Total(present);
            var adjusted = raw + TimeSpan.FromMinutes(entries
                .Where(e => e.Kind == EvidenceKind.Adjustment && e.SlotId == slot.SlotId)
                .Sum(e => e.Minutes ?? 0));
            adjusted = Clamp(adjusted, TimeSpan.Zero, slot.Window.Length);
            correction += adjusted - raw;
            perSlot.Add(new SlotAttendance(slot.SlotId, WholeMinutes(adjusted), WholeMinutes(slot.Window.Length)));
        }

        var accredited = TimeRanges.Total(slots.Select(s => s.Window));
        var attended = Clamp(TimeRanges.Total(presentInWindows) + correction, TimeSpan.Zero, accredited);
        var attendedMinutes = attended.Ticks / TicksPerMinute;
        var accreditedMinutes = accredited.Ticks / TicksPerMinute;
        var percent = accredited == TimeSpan.Zero ? 0m : Accreditation.Normalised(decimal.Floor(attended.Ticks * 1000m / accredited.Ticks) / 10m);

        if (accreditation is null)
        {
            return new AttendanceAssessment(perSlot, attendedMinutes, accreditedMinutes, percent, false, 0m);
        }

        // Compared exactly (not on the rounded percent): 84.99 % is below an 85 % minimum.
        var meetsMinimum = accredited > TimeSpan.Zero && attended.Ticks * 100m >= accreditation.MinimumAttendancePercent * (decimal)accredited.Ticks;
        var credits = meetsMinimum ? accreditation.CreditsFor(attendedMinutes) : 0m;
        return new AttendanceAssessment(perSlot, attendedMinutes, accreditedMinutes, percent, credits > 0, credits);
    }

    /// <summary>Open/close pairs from check-ins and scans, in time order; an interval still open closes at <paramref name="end"/>.</summary>
    private static IReadOnlyList<TimeRange> Presence(IEnumerable<EvidenceEntry> entries, DateTimeOffset end)
    {
        var ranges = new List<TimeRange>();
        DateTimeOffset? openedAt = null;
        foreach (var entry in entries)
        {
            switch (entry.Kind)
            {
                case EvidenceKind.CheckIn or EvidenceKind.ScanIn:
                    openedAt ??= entry.OccurredAt;
                    break;
                case EvidenceKind.ScanOut when openedAt is { } start:
                    ranges.Add(new TimeRange(start, entry.OccurredAt));
                    openedAt = null;
                    break;
            }
        }

        if (openedAt is { } stillOpen)
        {
            ranges.Add(new TimeRange(stillOpen, end));
        }

        return TimeRanges.Merge(ranges);
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) => value < min ? min : value > max ? max : value;

    private static int WholeMinutes(TimeSpan span) => (int)(span.Ticks / TimeSpan.TicksPerMinute);
}
