using EventScheduler.Domain.Common;
using EventScheduler.Domain.Meetings;

namespace EventScheduler.Domain.Programme;

/// <summary>One item of a meeting's programme (a live surgery case, lecture, discussion, ...) with its
/// live status on the day.</summary>
public sealed class Slot
{
    private Slot(Guid id, Guid meetingId, SlotDetails details, LiveStatus liveStatus, DateTimeOffset? expectedStartAt,
        DateTimeOffset createdAt, DateTimeOffset updatedAt, int version)
    {
        Id = id;
        MeetingId = meetingId;
        Details = details;
        LiveStatus = liveStatus;
        ExpectedStartAt = expectedStartAt;
        CreatedAt = createdAt;
        UpdatedAt = updatedAt;
        Version = version;
    }

    public Guid Id { get; }
    public Guid MeetingId { get; }
    public SlotDetails Details { get; private set; }
    public LiveStatus LiveStatus { get; private set; }

    /// <summary>Set when the slot is delayed: when it is now expected to start.</summary>
    public DateTimeOffset? ExpectedStartAt { get; private set; }

    public DateTimeOffset CreatedAt { get; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Rises with every change (edits and live status); the ETag and the calendar SEQUENCE derive from it.</summary>
    public int Version { get; private set; }

    public static Slot Plan(Guid id, Guid meetingId, SlotDetails details, DateTimeOffset now) =>
        new(id, meetingId, details.Validate(), LiveStatus.Scheduled, null, now, now, 1);

    public static Slot Restore(Guid id, Guid meetingId, SlotDetails details, LiveStatus liveStatus, DateTimeOffset? expectedStartAt,
        DateTimeOffset createdAt, DateTimeOffset updatedAt, int version) =>
        new(id, meetingId, details, liveStatus, expectedStartAt, createdAt, updatedAt, version);

    public void Edit(SlotDetails details, DateTimeOffset now)
    {
        var validated = details.Validate();
        if (LiveStatus is LiveStatus.Live or LiveStatus.Interrupted && validated.IsSurgery && !validated.ConsentRecorded)
        {
            throw RuleViolation.Conflict(SlotRules.ConsentRequired, "A case on air must keep its consent recorded.");
        }

        Details = validated;
        Touch(now);
    }

    /// <summary>How far a delayed case's expected start may be from its scheduled start.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromHours(24);

    /// <summary>Moves the slot by <paramref name="delta"/> (the meeting was rescheduled).</summary>
    public void Shift(TimeSpan delta, DateTimeOffset now)
    {
        Details = Details with { StartsAt = Details.StartsAt + delta, EndsAt = Details.EndsAt + delta };
        ExpectedStartAt += delta;
        Touch(now);
    }

    /// <summary>Applies a live status change; returns the status it left.</summary>
    public LiveStatus ChangeLiveStatus(LiveStatus to, DateTimeOffset? expectedStartAt, DateTimeOffset now)
    {
        var from = LiveStatus;
        if (!LiveTransitions.IsAllowed(from, to))
        {
            throw RuleViolation.Conflict(SlotRules.InvalidLiveTransition,
                $"A slot that is {Text(from)} cannot become {Text(to)}. Allowed next: {string.Join(", ", LiveTransitions.Next(from).Select(Text))}.");
        }

        if (to == LiveStatus.Delayed && expectedStartAt is null)
        {
            throw RuleViolation.Invalid(SlotRules.ExpectedStartRequired, "A delay needs the new 'expectedStartAt'.", "expectedStartAt");
        }

        if (to == LiveStatus.Delayed && (expectedStartAt < Details.StartsAt - MaxDelay || expectedStartAt > Details.StartsAt + MaxDelay))
        {
            throw RuleViolation.Invalid(SlotRules.ExpectedStartOutOfRange,
                $"'expectedStartAt' must be within {MaxDelay.TotalHours:0} hours of the slot's scheduled start.", "expectedStartAt");
        }

        if (to == LiveStatus.Live && Details.IsSurgery && !Details.ConsentRecorded)
        {
            throw RuleViolation.Conflict(SlotRules.ConsentRequired, "A surgery case goes live only once the patient's consent is recorded.");
        }

        LiveStatus = to;
        ExpectedStartAt = to == LiveStatus.Delayed ? expectedStartAt!.Value.ToUniversalTime() : null;

        Touch(now);
        return from;
    }

    /// <summary>A slot that has been on air stays on record (with its history); cancel it instead.</summary>
    public void EnsureDeletable()
    {
        if (LiveStatus is LiveStatus.Live or LiveStatus.Interrupted or LiveStatus.Completed or LiveStatus.SwitchedToRecording)
        {
            throw RuleViolation.Conflict(SlotRules.AlreadyStarted, "A slot that has been on air cannot be deleted; its record stays.");
        }
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }

    private static string Text(LiveStatus s) => s switch
    {
        LiveStatus.SwitchedToRecording => "switched_to_recording",
        _ => s.ToString().ToLowerInvariant(),
    };
}

/// <summary>The live status machine: scheduled -> delayed -> live, scheduled -> live, live &lt;-> interrupted,
/// live -> completed | switched_to_recording, any non-final -> cancelled. Nothing else.</summary>
public static class LiveTransitions
{
    public static IReadOnlyList<LiveStatus> Next(LiveStatus from) => from switch
    {
        LiveStatus.Scheduled => [LiveStatus.Delayed, LiveStatus.Live, LiveStatus.Cancelled],
        LiveStatus.Delayed => [LiveStatus.Live, LiveStatus.Cancelled],
        LiveStatus.Live => [LiveStatus.Interrupted, LiveStatus.Completed, LiveStatus.SwitchedToRecording, LiveStatus.Cancelled],
        LiveStatus.Interrupted => [LiveStatus.Live, LiveStatus.Cancelled],
        _ => [],
    };

    public static bool IsAllowed(LiveStatus from, LiveStatus to) => Next(from).Contains(to);

    public static bool IsFinal(LiveStatus status) => Next(status).Count == 0;
}

/// <summary>Rules between a slot and its meeting (the clash rules need storage and are checked by the
/// store in the same transaction, reporting through the clash rule violations).</summary>
public static class ProgrammeRules
{
    /// <summary>A cancelled or completed meeting's programme no longer changes.</summary>
    public static void EnsureEditable(Meeting meeting)
    {
        if (meeting.Status is MeetingStatus.Cancelled or MeetingStatus.Completed)
        {
            throw RuleViolation.Conflict(SlotRules.ProgrammeFrozen,
                $"The programme of a {meeting.Status.ToString().ToLowerInvariant()} meeting is frozen.");
        }
    }

    /// <summary>Live status changes happen on the day of a published meeting.</summary>
    public static void EnsureLive(Meeting meeting)
    {
        EnsureEditable(meeting);
        if (meeting.Status != MeetingStatus.Published)
        {
            throw RuleViolation.Conflict(SlotRules.MeetingNotPublished, "Live status changes only for a published meeting.");
        }
    }

    public static void EnsureInside(Meeting meeting, SlotDetails slot)
    {
        if (slot.StartsAt < meeting.Details.StartsAt || slot.EndsAt > meeting.Details.EndsAt)
        {
            throw RuleViolation.Invalid(SlotRules.OutsideMeeting, "The slot must lie within the meeting's startsAt and endsAt.", "startsAt");
        }
    }

    /// <summary>After the meeting's window moved: every slot must still lie inside it (409 slots_outside_meeting,
    /// naming the first that does not). <paramref name="shifted"/>: the slots were moved along with the meeting.</summary>
    public static void EnsureSlotsInside(Meeting meeting, IEnumerable<Slot> slots, bool shifted)
    {
        var outside = slots.FirstOrDefault(s => s.Details.StartsAt < meeting.Details.StartsAt || s.Details.EndsAt > meeting.Details.EndsAt);
        if (outside is null)
        {
            return;
        }

        var violation = RuleViolation.Conflict(SlotRules.SlotsOutsideMeeting, shifted
            ? "Shifted with the meeting, a slot would still fall outside its new window; shorten or move that slot first."
            : "Slots would fall outside the meeting's new window; move them first, or send ?shiftSlots=true to shift all slots with the meeting.");
        violation.Extensions["conflictingSlotId"] = outside.Id;
        throw violation;
    }

    public static bool Overlaps(DateTimeOffset aStart, DateTimeOffset aEnd, DateTimeOffset bStart, DateTimeOffset bEnd) =>
        aStart < bEnd && bStart < aEnd;

    public static RuleViolation ChannelClash(Guid conflictingSlotId, string channel)
    {
        var violation = RuleViolation.Conflict(SlotRules.Overlap,
            $"Another slot on channel '{channel}' overlaps this time (slot {conflictingSlotId}).");
        violation.Extensions["conflictingSlotId"] = conflictingSlotId;
        return violation;
    }

    public static RuleViolation FacultyClash(Guid facultyId, Guid conflictingSlotId, Guid conflictingMeetingId)
    {
        var violation = RuleViolation.Conflict(SlotRules.FacultyDoubleBooked,
            $"Faculty member {facultyId} is already in an overlapping slot {conflictingSlotId} (meeting {conflictingMeetingId}).");
        violation.Extensions["facultyId"] = facultyId;
        violation.Extensions["conflictingSlotId"] = conflictingSlotId;
        violation.Extensions["conflictingMeetingId"] = conflictingMeetingId;
        return violation;
    }
}
