using CsCheck;
using EventScheduler.Domain.Common;
using EventScheduler.Domain.Registrations;
using static EventScheduler.Tests.Domain.Registrations.RegistrationFixtures;

namespace EventScheduler.Tests.Domain.Registrations;

/// <summary>Random sequences of sign-ups, cancellations, switches, capacity changes and check-ins against one
/// meeting: after every step no seat is idle while someone waits for it, no mode is over capacity, the counts
/// agree with the registrations, promotions follow arrival order and positions are ranks in the list.</summary>
public sealed class WaitingListPropertyTests
{
    private static readonly AttendanceMode[] Modes = [AttendanceMode.InPerson, AttendanceMode.Online];

    // (verb, which registration, which mode, new hall capacity, new online capacity); -1 is unlimited.
    private static readonly Gen<(int Verb, int Index, int Mode, int Hall, int Online)[]> Steps =
        Gen.Select(Gen.Int[0, 9], Gen.Int[0, 40], Gen.Int[0, 1], Gen.Int[-1, 4], Gen.Int[-1, 4]).Array[1, 80];

    private static readonly Gen<(int Hall, int Online)> Capacities = Gen.Select(Gen.Int[-1, 2], Gen.Int[-1, 2]);

    [Test]
    public void AnySequence_KeepsEverySeatFilledWhileSomeoneWaits_InArrivalOrder() =>
        Gen.Select(Capacities, Steps).Sample((capacities, steps) =>
        {
            var store = new InMemoryRegistrations(OpenMeeting(Cap(capacities.Hall), Cap(capacities.Online)));
            var ids = new List<Guid>();
            foreach (var (verb, index, m, hall, online) in steps)
            {
                var mode = Modes[m];
                var before = store.Saved.ToDictionary(r => r.Id, r => (r.Version, r.QueueMode, r.QueueSeq));
                var pick = ids.Count == 0 ? (Guid?)null : ids[index % ids.Count];
                try
                {
                    var changes = Run(store, ids, verb, pick, mode, hall, online);
                    CheckPromotionsInOrder(store, before, changes);
                }
                catch (RuleViolation)
                {
                    Check(store.Saved.All(r => before.TryGetValue(r.Id, out var b) && b.Version == r.Version), "a refused step changed nothing");
                }

                CheckInvariants(store);
            }
        }, iter: 2000);

    private static IReadOnlyList<RegistrationChange> Run(InMemoryRegistrations store, List<Guid> ids, int verb, Guid? pick, AttendanceMode mode, int hall, int online)
    {
        switch (verb)
        {
            case <= 3:
                var decision = store.SignUp(mode);
                ids.Add(decision.Subject.Id);
                CheckPosition(store, decision);
                return decision.Changes;
            case <= 5 when pick is { } id:
                return store.Cancel(id).Changes;
            case <= 7 when pick is { } id:
                var switched = store.Switch(id, mode);
                CheckPosition(store, switched);
                return switched.Changes;
            case 8:
                var changes = store.Seats.Reconfigure(WithCapacities(store.Seats.Meeting, Cap(hall), Cap(online)), Now);
                store.Save(changes);
                return changes;
            case 9 when pick is { } id:
                return store.Save(store.Seats.CheckIn(store.Load(id), Now)).Changes;
            default:
                return [];
        }
    }

    private static void CheckInvariants(InMemoryRegistrations store)
    {
        var seats = store.Seats;
        var all = store.Saved;
        foreach (var mode in Modes)
        {
            Check(!seats.LeavesSeatIdle(mode), $"no idle {mode} seat while someone waits");
            Check(seats.Capacity(mode) is not { } cap || seats.Counts.Confirmed(mode) <= cap, $"{mode} within capacity");
            var recount = SeatCounts.None;
            foreach (var r in all)
            {
                recount.Count(r.State, 1);
            }

            Check(recount[mode] == seats.Counts[mode], $"{mode} counts {seats.Counts[mode]} agree with a recount {recount[mode]}");
        }
    }

    /// <summary>Everyone promoted had waited longer (in that list) than everyone still waiting in it.</summary>
    private static void CheckPromotionsInOrder(InMemoryRegistrations store, Dictionary<Guid, (int Version, AttendanceMode? QueueMode, long? QueueSeq)> before,
        IReadOnlyList<RegistrationChange> changes)
    {
        foreach (var promoted in changes.Where(c => c.Kind == RegistrationChangeKind.Promoted))
        {
            var was = before[promoted.Registration.Id];
            Check(store.Saved.Where(r => r.QueueMode == was.QueueMode).All(w => w.QueueSeq > was.QueueSeq), $"FIFO in the {was.QueueMode} list");
        }
    }

    private static void CheckPosition(InMemoryRegistrations store, SeatDecision decision)
    {
        var r = store.Load(decision.Subject.Id);
        int? rank = r.QueueMode is { } q ? store.Saved.Count(o => o.QueueMode == q && o.QueueSeq <= r.QueueSeq) : null;
        Check(decision.WaitlistPosition == rank, $"position {decision.WaitlistPosition} is the rank {rank}");
    }

    private static int? Cap(int value) => value < 0 ? null : value;

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Broken: " + what);
        }
    }
}
