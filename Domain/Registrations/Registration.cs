using EventScheduler.Domain.Common;

namespace EventScheduler.Domain.Registrations;

/// <summary>One person's registration for one meeting. <see cref="Mode"/> is the mode of the seat held
/// (or waited for, when waitlisted). <see cref="QueueMode"/> and <see cref="QueueSeq"/> are its place in
/// a waiting list: for a waitlisted registration the list of its own mode; for a confirmed one that asked
/// to switch, the list of the other mode while it keeps its current seat. Lists are served in
/// <see cref="QueueSeq"/> order, which is arrival order.</summary>
public sealed class Registration
{
    private Registration(Guid id, Guid meetingId, long seq, Attendee attendee, AttendanceMode mode, RegistrationStatus status,
        AttendanceMode? queueMode, long? queueSeq, string? checkInCode, DateTimeOffset? checkedInAt, string? createdByKeyId,
        DateTimeOffset createdAt, DateTimeOffset updatedAt, int version, CancellationReason? cancellationReason, DateTimeOffset? erasedAt)
    {
        Id = id;
        MeetingId = meetingId;
        Seq = seq;
        Attendee = attendee;
        Mode = mode;
        Status = status;
        QueueMode = queueMode;
        QueueSeq = queueSeq;
        CheckInCode = checkInCode;
        CheckedInAt = checkedInAt;
        CreatedByKeyId = createdByKeyId;
        CreatedAt = createdAt;
        UpdatedAt = updatedAt;
        Version = version;
        CancellationReason = cancellationReason;
        ErasedAt = erasedAt;
    }

    public Guid Id { get; }
    public Guid MeetingId { get; }

    /// <summary>Arrival order within the meeting.</summary>
    public long Seq { get; }

    public Attendee Attendee { get; private set; }
    public AttendanceMode Mode { get; private set; }
    public RegistrationStatus Status { get; private set; }
    public AttendanceMode? QueueMode { get; private set; }
    public long? QueueSeq { get; private set; }

    /// <summary>Issued at the first in-person confirmation and kept; valid only while confirmed in person.</summary>
    public string? CheckInCode { get; private set; }

    public DateTimeOffset? CheckedInAt { get; private set; }
    public string? CreatedByKeyId { get; }
    public DateTimeOffset CreatedAt { get; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public int Version { get; private set; }

    /// <summary>Why it was cancelled; null while active (and for cancellations recorded before reasons were).</summary>
    public CancellationReason? CancellationReason { get; private set; }

    /// <summary>When its personal data was erased (<see cref="PersonalDataPolicy"/>); null while it holds them.</summary>
    public DateTimeOffset? ErasedAt { get; private set; }

    /// <summary>What it counts as in the meeting's <see cref="SeatCounts"/>.</summary>
    public RegistrationState State => new(Mode, Status, QueueMode, CheckedInAt is not null);

    /// <summary>A confirmed registration waiting for a seat of the other mode.</summary>
    public bool HasPendingSwitch => Status == RegistrationStatus.Confirmed && QueueMode is not null;

    public bool IsConfirmedInPerson => Status == RegistrationStatus.Confirmed && Mode == AttendanceMode.InPerson;

    /// <summary>Confirmed when a seat of <paramref name="mode"/> is free, else waitlisted at <paramref name="seq"/>.</summary>
    public static Registration SignUp(Guid id, Guid meetingId, long seq, Attendee attendee, AttendanceMode mode, bool seatFree,
        Func<string> newCheckInCode, string? createdByKeyId, DateTimeOffset now)
    {
        var status = seatFree ? RegistrationStatus.Confirmed : RegistrationStatus.Waitlisted;
        var code = seatFree && mode == AttendanceMode.InPerson ? newCheckInCode() : null;
        return new Registration(id, meetingId, seq, attendee, mode, status, seatFree ? null : mode, seatFree ? null : seq,
            code, null, createdByKeyId, now, now, 1, null, null);
    }

    public static Registration Restore(Guid id, Guid meetingId, long seq, Attendee attendee, AttendanceMode mode, RegistrationStatus status,
        AttendanceMode? queueMode, long? queueSeq, string? checkInCode, DateTimeOffset? checkedInAt, string? createdByKeyId,
        DateTimeOffset createdAt, DateTimeOffset updatedAt, int version, CancellationReason? cancellationReason = null, DateTimeOffset? erasedAt = null) =>
        new(id, meetingId, seq, attendee, mode, status, queueMode, queueSeq, checkInCode, checkedInAt, createdByKeyId, createdAt, updatedAt, version,
            cancellationReason, erasedAt);

    /// <summary>Gives the first of a waiting list its seat. Returns the mode of the seat it leaves (a
    /// confirmed attendee who was waiting to switch), which the caller must pass on.</summary>
    public AttendanceMode? Promote(Func<string> newCheckInCode, DateTimeOffset now)
    {
        if (QueueMode is not { } target)
        {
            throw new InvalidOperationException("Only a registration in a waiting list can be promoted.");
        }

        AttendanceMode? released = Status == RegistrationStatus.Confirmed ? Mode : null;
        Mode = target;
        Status = RegistrationStatus.Confirmed;
        ClearQueue();
        IssueCodeIfInPerson(newCheckInCode);
        Touch(now);
        return released;
    }

    /// <summary>Cancels; returns the mode of the seat freed, if it held one. Cancelling twice changes nothing.</summary>
    public AttendanceMode? Cancel(CancellationReason reason, DateTimeOffset now)
    {
        if (Status == RegistrationStatus.Cancelled)
        {
            return null;
        }

        AttendanceMode? released = Status == RegistrationStatus.Confirmed ? Mode : null;
        Status = RegistrationStatus.Cancelled;
        CancellationReason = reason;
        ClearQueue();
        Touch(now);
        return released;
    }

    /// <summary>Moves towards <paramref name="target"/>: at once when a seat is free there; otherwise a
    /// waitlisted registration moves to the end of the other list, and a confirmed one joins that list
    /// while keeping its seat until promoted. Asking for the mode already held withdraws a pending switch.</summary>
    public SwitchOutcome SwitchMode(AttendanceMode target, bool seatFree, Func<long> nextSeq, Func<string> newCheckInCode, DateTimeOffset now)
    {
        if (Status == RegistrationStatus.Cancelled)
        {
            throw RuleViolation.Conflict(RegistrationRules.RegistrationCancelled, "A cancelled registration cannot change mode; register again.");
        }

        if (CheckedInAt is not null)
        {
            throw Checked(RegistrationRules.AlreadyCheckedIn, "An attendee already checked in cannot change mode.");
        }

        var leftQueue = QueueMode;
        if (target == Mode)
        {
            if (!HasPendingSwitch)
            {
                throw RuleViolation.Conflict(RegistrationRules.AlreadyInMode,
                    Status == RegistrationStatus.Waitlisted ? "The registration is already waiting for this mode." : "The registration already has this mode.");
            }

            ClearQueue();
            Touch(now);
            return new SwitchOutcome(leftQueue, null, null);
        }

        if (Status == RegistrationStatus.Waitlisted)
        {
            ClearQueue();
            Mode = target;
            if (seatFree)
            {
                Status = RegistrationStatus.Confirmed;
                IssueCodeIfInPerson(newCheckInCode);
                Touch(now);
                return new SwitchOutcome(leftQueue, null, null);
            }

            QueueMode = target;
            QueueSeq = nextSeq();
            Touch(now);
            return new SwitchOutcome(leftQueue, target, null);
        }

        // Confirmed in the other mode.
        if (seatFree)
        {
            var released = Mode;
            ClearQueue();
            Mode = target;
            IssueCodeIfInPerson(newCheckInCode);
            Touch(now);
            return new SwitchOutcome(leftQueue, null, released);
        }

        if (QueueMode == target)
        {
            throw RuleViolation.Conflict(RegistrationRules.AlreadyWaitlisted, "The registration is already waiting for a seat of this mode.");
        }

        QueueMode = target;
        QueueSeq = nextSeq();
        Touch(now);
        return new SwitchOutcome(null, target, null);
    }

    public void CheckIn(DateTimeOffset now)
    {
        if (!IsConfirmedInPerson)
        {
            throw Checked(RegistrationRules.NotConfirmed, Status switch
            {
                RegistrationStatus.Waitlisted => "This registration is on the waiting list, not confirmed.",
                RegistrationStatus.Cancelled => "This registration was cancelled.",
                _ => "This registration is for online attendance.",
            });
        }

        if (CheckedInAt is not null)
        {
            throw Checked(RegistrationRules.AlreadyCheckedIn, "This attendee has already checked in.");
        }

        CheckedInAt = now;
        Touch(now);
    }

    private RuleViolation Checked(string code, string message)
    {
        var violation = RuleViolation.Conflict(code, message);
        if (CheckedInAt is { } at)
        {
            violation.Extensions["checkedInAt"] = at;
        }

        return violation;
    }

    /// <summary>Erases the attendee's personal data as <paramref name="scope"/> says (see <see cref="PersonalDataPolicy"/>):
    /// e-mail, phone, free text and the check-in code always; name and hospital too unless CME records need them. Status,
    /// mode and check-in time stay (they are the meeting's counts). Returns false when there was nothing left to erase, so a
    /// second erasure changes nothing (not even the version).</summary>
    public bool Erase(ErasureScope scope, DateTimeOffset now)
    {
        var erased = Attendee.Erased(keepIdentity: scope == ErasureScope.ContactData);
        if (ErasedAt is not null && erased == Attendee && CheckInCode is null)
        {
            return false;
        }

        Attendee = erased;
        CheckInCode = null;
        ErasedAt ??= now;
        Touch(now);
        return true;
    }

    private void IssueCodeIfInPerson(Func<string> newCheckInCode)
    {
        if (Mode == AttendanceMode.InPerson && CheckInCode is null)
        {
            CheckInCode = newCheckInCode();
        }
    }

    private void ClearQueue()
    {
        QueueMode = null;
        QueueSeq = null;
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }
}

/// <param name="LeftQueue">The waiting list the registration left, if any.</param>
/// <param name="JoinedQueue">The waiting list it joined, if any.</param>
/// <param name="ReleasedSeat">The mode of the seat it gave up, to pass on to that list.</param>
public sealed record SwitchOutcome(AttendanceMode? LeftQueue, AttendanceMode? JoinedQueue, AttendanceMode? ReleasedSeat);
