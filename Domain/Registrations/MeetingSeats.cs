using EventScheduler.Domain.Common;
using EventScheduler.Domain.Meetings;

namespace EventScheduler.Domain.Registrations;

/// <summary>The seat and waiting-list policy of one meeting. Each attendance mode has its own capacity (null:
/// unlimited) and its own FIFO waiting list. It decides who is confirmed and who waits at sign-up, who is
/// promoted when a seat opens (a cancellation, a switch, a raised capacity; a promoted attendee who was
/// switching frees a seat of the other mode, which is passed on in turn), and it keeps, after every
/// operation, the invariant "while the meeting is published, no seat of a mode is free while someone waits
/// for it" (<see cref="LeavesSeatIdle"/>). Storage loads the meeting, the counts and the registrations
/// concerned, calls one verb, and saves the <see cref="RegistrationChange"/>s it returns.</summary>
public sealed class MeetingSeats(Meeting meeting, SeatCounts counts, long lastSeq, IWaitingLists waitingLists, Func<string> newCheckInCode)
{
    private readonly Dictionary<Guid, Registration> _changed = [];
    private List<RegistrationChange> _changes = [];
    private WaitingListCursor? _cursor;

    public Meeting Meeting { get; private set; } = meeting;

    /// <summary>The counts as of the last operation (they move with every change it makes).</summary>
    public SeatCounts Counts { get; } = counts;

    /// <summary>The meeting's arrival counter: every sign-up and every move to the end of a list takes the next number.</summary>
    public long LastSeq { get; private set; } = lastSeq;

    public int? Capacity(AttendanceMode mode) => Attendance.Capacity(Meeting.Details, mode);

    public bool HasFreeSeat(AttendanceMode mode) => Attendance.HasSeat(Capacity(mode), Counts.Confirmed(mode));

    /// <summary>Seats of <paramref name="mode"/> still free; null when unlimited.</summary>
    public int? Available(AttendanceMode mode) => Capacity(mode) is { } c ? Math.Max(0, c - Counts.Confirmed(mode)) : null;

    /// <summary>True when the invariant is broken for <paramref name="mode"/>: the meeting is published, a seat is
    /// free and someone waits for one. Never true after an operation of this class.</summary>
    public bool LeavesSeatIdle(AttendanceMode mode) =>
        Meeting.Status == MeetingStatus.Published && HasFreeSeat(mode) && Counts.Waiting(mode) > 0;

    /// <summary>Registers <paramref name="attendee"/>: confirmed while a seat of the mode is free and nobody waits
    /// for one, else at the end of that mode's waiting list.</summary>
    /// <param name="emailTaken">Whether the attendee's e-mail already has an active registration for this meeting.</param>
    public SeatDecision SignUp(Guid id, Attendee attendee, AttendanceMode mode, bool emailTaken, string? createdByKeyId, DateTimeOffset now)
    {
        Attendance.EnsureOpen(Meeting, now);
        Attendance.EnsureModeOffered(Meeting, mode);
        Attendance.EnsureNotRegistered(emailTaken);
        Begin();
        var seatFree = HasFreeSeat(mode) && Counts.Waiting(mode) == 0;
        var registration = Registration.SignUp(id, Meeting.Id, ++LastSeq, attendee, mode, seatFree, newCheckInCode, createdByKeyId, now);
        Record(registration, RegistrationChangeKind.SignedUp, null, 0);
        return End(registration);
    }

    /// <summary>Cancels <paramref name="registration"/> (again: nothing happens) and gives a freed seat to the
    /// first of that mode's waiting list.</summary>
    public SeatDecision Cancel(Registration registration, CancellationReason reason, DateTimeOffset now)
    {
        Begin();
        if (registration.Status == RegistrationStatus.Cancelled)
        {
            return End(registration);
        }

        var (before, version) = (registration.State, registration.Version);
        var released = registration.Cancel(reason, now);
        Record(registration, RegistrationChangeKind.Cancelled, before, version);
        if (released is { } mode)
        {
            Fill(mode, now);
        }

        return End(registration);
    }

    /// <summary>Moves <paramref name="registration"/> towards <paramref name="target"/>: at once when a seat is free
    /// there and nobody waits for it (the old seat is passed on); otherwise a confirmed attendee keeps the seat and
    /// joins the other list, a waitlisted one moves to the end of the other list. See <see cref="Registration.SwitchMode"/>.</summary>
    public SeatDecision SwitchMode(Registration registration, AttendanceMode target, DateTimeOffset now)
    {
        if (registration.Status != RegistrationStatus.Cancelled)
        {
            Attendance.EnsureOpen(Meeting, now);
            Attendance.EnsureModeOffered(Meeting, target);
        }

        Begin();
        var (before, version) = (registration.State, registration.Version);
        var seatFree = HasFreeSeat(target) && Counts.Waiting(target) == 0;
        var outcome = registration.SwitchMode(target, seatFree, () => ++LastSeq, newCheckInCode, now);
        Record(registration, RegistrationChangeKind.ModeSwitched, before, version);
        if (outcome.ReleasedSeat is { } released)
        {
            Fill(released, now);
        }

        return End(registration);
    }

    /// <summary>Checks in a confirmed in-person attendee of a published meeting.</summary>
    public SeatDecision CheckIn(Registration registration, DateTimeOffset now)
    {
        if (Meeting.Status != MeetingStatus.Published)
        {
            throw RuleViolation.Conflict(RegistrationRules.MeetingNotOpen, $"The meeting is {Meeting.Status.ToString().ToLowerInvariant()}.");
        }

        Begin();
        var (before, version) = (registration.State, registration.Version);
        registration.CheckIn(now);
        Record(registration, RegistrationChangeKind.CheckedIn, before, version);
        return End(registration);
    }

    /// <summary>The meeting was edited (<paramref name="edited"/> is its new state): a format may not drop a mode that
    /// still has registrations, a capacity may not fall below the seats given; seats a raised capacity adds go to
    /// the waiting lists, first come first served.</summary>
    public IReadOnlyList<RegistrationChange> Reconfigure(Meeting edited, DateTimeOffset now)
    {
        foreach (var mode in Attendance.Modes)
        {
            Attendance.EnsureFormatKeepsRegistrations(edited.Details.Format, mode, Counts.Confirmed(mode) + Counts.Waiting(mode));
            Attendance.EnsureCapacityCovers(Attendance.Capacity(edited.Details, mode), Counts.Confirmed(mode), mode);
        }

        Meeting = edited;
        Begin();
        foreach (var mode in Attendance.Modes)
        {
            Fill(mode, now);
        }

        return _changes;
    }

    /// <summary>The meeting was cancelled (<paramref name="cancelled"/>): its registrations are cancelled with it,
    /// one by one through <see cref="CancelForMeeting"/>; nobody is promoted any more.</summary>
    public void MeetingCancelled(Meeting cancelled)
    {
        if (cancelled.Status != MeetingStatus.Cancelled)
        {
            throw new InvalidOperationException("The meeting is not cancelled.");
        }

        Meeting = cancelled;
    }

    /// <summary>Cancels an active registration of the cancelled meeting (see <see cref="MeetingCancelled"/>).</summary>
    public SeatDecision CancelForMeeting(Registration registration, DateTimeOffset now)
    {
        if (Meeting.Status != MeetingStatus.Cancelled)
        {
            throw new InvalidOperationException("Only the registrations of a cancelled meeting are cancelled with it.");
        }

        return Cancel(registration, CancellationReason.MeetingCancelled, now);
    }

    /// <summary>Gives free seats of <paramref name="mode"/> to the head of its list, one by one. An attendee promoted
    /// while holding a seat of the other mode (a pending switch) frees that seat, which is filled before going on.</summary>
    private void Fill(AttendanceMode mode, DateTimeOffset now)
    {
        if (Meeting.Status != MeetingStatus.Published)
        {
            return;
        }

        var cursor = Cursor();
        while (HasFreeSeat(mode) && Counts.Waiting(mode) > 0)
        {
            var head = cursor.Head(mode)
                       ?? throw new InvalidOperationException($"The {mode} waiting list of meeting {Meeting.Id} is counted as {Counts.Waiting(mode)} long but is empty.");
            cursor.Taken(mode, head.QueueSeq!.Value);
            var (before, version) = (head.State, head.Version);
            var released = head.Promote(newCheckInCode, now);
            Record(head, RegistrationChangeKind.Promoted, before, version);
            if (released is { } other)
            {
                Fill(other, now);
            }
        }
    }

    // One walk per operation, so a chain of promotions through both lists never takes an entry twice.
    private WaitingListCursor Cursor() => _cursor ??= new WaitingListCursor(waitingLists, _changed);

    private void Begin()
    {
        _changed.Clear();
        _changes = [];
        _cursor = null;
    }

    private void Record(Registration registration, RegistrationChangeKind kind, RegistrationState? before, int beforeVersion)
    {
        Counts.Move(before, registration.State);
        _changed[registration.Id] = registration;
        _changes.Add(new RegistrationChange(registration, kind, before, beforeVersion));
    }

    private SeatDecision End(Registration subject) =>
        new(subject, subject.QueueMode is { } queue ? Counts.Waiting(queue) : null, _changes);
}
