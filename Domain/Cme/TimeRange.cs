namespace EventScheduler.Domain.Cme;

/// <summary>A half-open stretch of time [Start, End). Empty when End is not after Start.</summary>
public readonly record struct TimeRange(DateTimeOffset Start, DateTimeOffset End)
{
    public bool IsEmpty => End <= Start;

    public TimeSpan Length => IsEmpty ? TimeSpan.Zero : End - Start;

    public TimeRange Intersect(TimeRange other) =>
        new(Start > other.Start ? Start : other.Start, End < other.End ? End : other.End);
}

/// <summary>Sets of time ranges as sorted, disjoint lists.</summary>
public static class TimeRanges
{
    /// <summary>Merges overlapping and touching ranges; the result is sorted and disjoint and does not
    /// depend on the order of the input.</summary>
    public static IReadOnlyList<TimeRange> Merge(IEnumerable<TimeRange> ranges)
    {
        var sorted = ranges.Where(r => !r.IsEmpty).OrderBy(r => r.Start).ThenBy(r => r.End).ToList();
        var merged = new List<TimeRange>(sorted.Count);
        foreach (var range in sorted)
        {
            if (merged.Count > 0 && range.Start <= merged[^1].End)
            {
                var last = merged[^1];
                merged[^1] = last with { End = range.End > last.End ? range.End : last.End };
            }
            else
            {
                merged.Add(range);
            }
        }

        return merged;
    }

    /// <summary>The parts of a merged set that fall inside <paramref name="window"/>.</summary>
    public static IReadOnlyList<TimeRange> Clip(IReadOnlyList<TimeRange> merged, TimeRange window) =>
        merged.Select(r => r.Intersect(window)).Where(r => !r.IsEmpty).ToList();

    public static TimeSpan Total(IEnumerable<TimeRange> ranges) =>
        Merge(ranges).Aggregate(TimeSpan.Zero, (sum, r) => sum + r.Length);
}
