using EventScheduler.Domain.Programme;

namespace EventScheduler.Api.Features.Programme;

/// <summary>One live status change as the live feed sends it (the SSE event's data) and the
/// slot.status_changed webhook carries it.</summary>
public sealed class LiveStatusEvent
{
    /// <summary>The meeting.</summary>
    public required Guid MeetingId { get; init; }

    /// <summary>The slot whose status changed.</summary>
    public required Guid SlotId { get; init; }

    /// <summary>The status before.</summary>
    public required LiveStatus From { get; init; }

    /// <summary>The status now.</summary>
    public required LiveStatus To { get; init; }

    /// <summary>For delayed: when the slot is now expected to start.</summary>
    public required DateTimeOffset? ExpectedStartAt { get; init; }

    /// <summary>The organiser's note; public.</summary>
    public required string? Note { get; init; }

    /// <summary>When the status changed.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The slot as the public programme shows it now.</summary>
    public required ProgrammeSlot Slot { get; init; }
}
