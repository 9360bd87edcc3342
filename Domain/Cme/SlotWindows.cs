using EventScheduler.Domain.Programme;

namespace EventScheduler.Domain.Cme;

/// <summary>An accredited programme item and the window it actually ran in.</summary>
public sealed record AccreditedSlot(Guid SlotId, TimeRange Window);

/// <summary>Which slots count for credits, and when they really ran.</summary>
public static class SlotWindows
{
    /// <summary>Teaching counts (surgery demonstrations, lectures, discussions); breaks and ceremonies do not.</summary>
    public static bool AccreditedByDefault(SlotKind kind) => kind is SlotKind.SurgeryDemo or SlotKind.Lecture or SlotKind.Discussion;

    /// <summary>The slot's actual window: from the first time it went live (else its scheduled start) to
    /// the time it was completed or cancelled on air (else as long as it was scheduled to last). A slot
    /// cancelled before it ever went live was not held: null. Falling back to a recording does not end
    /// the window: the audience keeps watching the case.</summary>
    public static TimeRange? Actual(DateTimeOffset scheduledStart, DateTimeOffset scheduledEnd, LiveStatus status, DateTimeOffset? wentLiveAt,
        DateTimeOffset? endedAt)
    {
        if (wentLiveAt is null && status == LiveStatus.Cancelled)
        {
            return null;
        }

        var start = wentLiveAt ?? scheduledStart;
        var end = endedAt ?? (wentLiveAt is { } live ? live + (scheduledEnd - scheduledStart) : scheduledEnd);
        var window = new TimeRange(start, end);
        return window.IsEmpty ? null : window;
    }
}
