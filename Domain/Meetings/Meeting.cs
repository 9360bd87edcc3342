using EventScheduler.Domain.Common;

namespace EventScheduler.Domain.Meetings;

/// <summary>A livestreamed surgery meeting: the aggregate that owns its details and its life cycle
/// (draft -> published -> completed, draft|published -> cancelled).</summary>
public sealed class Meeting
{
    public const int MaxCancellationReasonLength = 1000;

    private Meeting(Guid id, MeetingDetails details, MeetingStatus status, string? cancellationReason,
        DateTimeOffset createdAt, DateTimeOffset updatedAt, DateTimeOffset? publishedAt, int version)
    {
        Id = id;
        Details = details;
        Status = status;
        CancellationReason = cancellationReason;
        CreatedAt = createdAt;
        UpdatedAt = updatedAt;
        PublishedAt = publishedAt;
        Version = version;
    }

    public Guid Id { get; }
    public MeetingDetails Details { get; private set; }
    public MeetingStatus Status { get; private set; }
    public string? CancellationReason { get; private set; }
    public DateTimeOffset CreatedAt { get; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? PublishedAt { get; private set; }

    /// <summary>Rises with every change; the API derives the ETag from it.</summary>
    public int Version { get; private set; }

    public static Meeting Schedule(Guid id, MeetingDetails details, DateTimeOffset now) =>
        new(id, details.Validate(), MeetingStatus.Draft, null, now, now, null, 1);

    public static Meeting Restore(Guid id, MeetingDetails details, MeetingStatus status, string? cancellationReason,
        DateTimeOffset createdAt, DateTimeOffset updatedAt, DateTimeOffset? publishedAt, int version) =>
        new(id, details, status, cancellationReason, createdAt, updatedAt, publishedAt, version);

    /// <summary>Edits keep the meeting's identity, also once published; finished meetings are frozen.</summary>
    public void Edit(MeetingDetails details, DateTimeOffset now)
    {
        if (Status is MeetingStatus.Cancelled or MeetingStatus.Completed)
        {
            throw RuleViolation.Conflict(MeetingRules.Closed, $"A {Status.ToString().ToLowerInvariant()} meeting can no longer be edited.");
        }

        var validated = details.Validate();
        if (validated.SameAs(Details))
        {
            // Nothing changed: no new version, no stale ETags for others, no update event.
            return;
        }

        Details = validated;
        Touch(now);
    }

    public void Publish(DateTimeOffset now)
    {
        if (Status != MeetingStatus.Draft)
        {
            throw Transition("publish");
        }

        if (Details.StartsAt <= now)
        {
            throw RuleViolation.Conflict(MeetingRules.StartsInPast, "A meeting that has already started cannot be published.");
        }

        Status = MeetingStatus.Published;
        PublishedAt = now;
        Touch(now);
    }

    public void Cancel(string? reason, DateTimeOffset now)
    {
        if (Status is not (MeetingStatus.Draft or MeetingStatus.Published))
        {
            throw Transition("cancel");
        }

        CancellationReason = Text.Optional(reason, "reason", MaxCancellationReasonLength)
            ?? throw RuleViolation.Invalid(MeetingRules.CancellationReasonRequired, "A cancellation needs a 'reason' attendees can read.", "reason");
        Status = MeetingStatus.Cancelled;
        Touch(now);
    }

    public void Complete(DateTimeOffset now)
    {
        if (Status != MeetingStatus.Published)
        {
            throw Transition("complete");
        }

        if (now < Details.StartsAt)
        {
            throw RuleViolation.Conflict(MeetingRules.NotStarted, "A meeting can be completed only once it has started.");
        }

        Status = MeetingStatus.Completed;
        Touch(now);
    }

    /// <summary>Only drafts may be deleted: anything published has been seen and must stay on record.</summary>
    public void EnsureDeletable()
    {
        if (Status != MeetingStatus.Draft)
        {
            throw RuleViolation.Conflict(MeetingRules.NotDraft, "Only draft meetings can be deleted; cancel a published meeting instead.");
        }
    }

    /// <summary>The registration window in force: it opens at publication unless set, and closes when the meeting ends unless set (online attendees join mid-meeting).</summary>
    public bool IsRegistrationOpen(DateTimeOffset now) =>
        Status == MeetingStatus.Published
        && now >= (Details.RegistrationOpensAt ?? PublishedAt ?? CreatedAt)
        && now < (Details.RegistrationClosesAt ?? Details.EndsAt);

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }

    private RuleViolation Transition(string verb) =>
        RuleViolation.Conflict(MeetingRules.InvalidTransition, $"A {Status.ToString().ToLowerInvariant()} meeting cannot {verb}.");
}
