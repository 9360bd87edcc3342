using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Tests.Domain.Registrations;

/// <summary>A meeting's registrations as storage holds them, for the policy tests: reads hand out copies of what was
/// last saved (not the objects an operation is still changing), and saving checks each change was decided from the
/// saved version, as the ledger's UPDATE ... WHERE version = ... does.</summary>
internal sealed class InMemoryRegistrations : IWaitingLists
{
    private readonly Dictionary<Guid, Registration> _saved = [];
    private int _codes;

    public InMemoryRegistrations(Meeting meeting) =>
        Seats = new MeetingSeats(meeting, SeatCounts.None, 0, this, () => $"CODE{Interlocked.Increment(ref _codes):D6}");

    public MeetingSeats Seats { get; }

    public IEnumerable<Registration> All => _saved.Values.Select(RegistrationFixtures.Clone);

    /// <summary>What is saved, for checks that only read it.</summary>
    public IReadOnlyCollection<Registration> Saved => _saved.Values;

    public Registration Load(Guid id) => RegistrationFixtures.Clone(_saved[id]);

    public Registration? FirstAfter(AttendanceMode mode, long afterQueueSeq) =>
        _saved.Values.Where(r => r.QueueMode == mode && r.QueueSeq > afterQueueSeq).MinBy(r => r.QueueSeq) is { } r ? RegistrationFixtures.Clone(r) : null;

    /// <summary>Saves a decision's changes (final state per registration) and returns the decision.</summary>
    public SeatDecision Save(SeatDecision decision)
    {
        Save(decision.Changes);
        return decision;
    }

    public void Save(IReadOnlyList<RegistrationChange> changes)
    {
        foreach (var change in changes)
        {
            var r = change.Registration;
            if (change.IsNew ? _saved.ContainsKey(r.Id) : _saved[r.Id].Version != change.BeforeVersion)
            {
                throw new InvalidOperationException($"Registration {r.Id} was decided from a version that is not the saved one.");
            }

            _saved[r.Id] = RegistrationFixtures.Clone(r);
        }
    }

    public SeatDecision SignUp(AttendanceMode mode, string? email = null) =>
        Save(Seats.SignUp(Guid.NewGuid(), RegistrationFixtures.Someone(email), mode, EmailTaken(email), null, RegistrationFixtures.Now));

    public SeatDecision Cancel(Guid id) => Save(Seats.Cancel(Load(id), CancellationReason.Attendee, RegistrationFixtures.Now));

    public SeatDecision Switch(Guid id, AttendanceMode target) => Save(Seats.SwitchMode(Load(id), target, RegistrationFixtures.Now));

    private bool EmailTaken(string? email) =>
        email is not null && _saved.Values.Any(r => r.Status != RegistrationStatus.Cancelled && r.Attendee.EmailNormalised == Attendee.Normalise(email));
}
