using EventScheduler.Domain.Programme;

namespace EventScheduler.Api.Features.Programme;

/// <summary>One live status change as the live feed sends it (the SSE event's data) and the
/// slot.status_changed webhook carries it.</summary>
public sealed class LiveStatusEvent
{
    public required Guid MeetingId { get; init; }
    public required Guid SlotId { get; init; }
    public required LiveStatus From { get; init; }
    public required LiveStatus To { get; init; }
    public required DateTimeOffset? ExpectedStartAt { get; init; }

    /// <summary>The organiser's note; public.</summary>
    public required string? Note { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }
    public required ProgrammeSlot Slot { get; init; }
}
