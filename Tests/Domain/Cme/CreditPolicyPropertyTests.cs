using CsCheck;
using EventScheduler.Domain.Cme;

namespace EventScheduler.Tests.Domain.Cme;

/// <summary>Random programmes and random evidence: the policy's promises hold whatever arrives.</summary>
public sealed class CreditPolicyPropertyTests
{
    private static readonly DateTimeOffset Day = new(2021, 9, 23, 0, 0, 0, TimeSpan.FromHours(8));
    private static readonly Guid Person = Guid.NewGuid();

    private static readonly Gen<AccreditedSlot[]> Slots =
        Gen.Select(Gen.Int[0, 600], Gen.Int[5, 240]).Array[1, 6]
            .Select(xs => xs.Select(x => new AccreditedSlot(Guid.NewGuid(), new TimeRange(Day.AddMinutes(x.Item1), Day.AddMinutes(x.Item1 + x.Item2)))).ToArray());

    private static Gen<EvidenceEntry[]> Evidence(AccreditedSlot[] slots) =>
        Gen.Select(Gen.Int[0, 5], Gen.Int[-60, 900], Gen.Int[0, slots.Length], Gen.Int[-300, 300]).Select(x =>
        {
            var (kind, minute, slotIndex, minutes) = x;
            var at = Day.AddMinutes(minute);
            Guid? slot = slotIndex < slots.Length ? slots[slotIndex].SlotId : null;
            return kind switch
            {
                0 => EvidenceEntry.CheckIn(Person, at),
                1 => EvidenceEntry.Scan(Person, true, slot, at, "door"),
                2 => EvidenceEntry.Scan(Person, false, slot, at, "door"),
                3 => EvidenceEntry.Heartbeat(Person, at),
                4 => EvidenceEntry.Join(Person, at),
                _ => EvidenceEntry.Adjustment(Person, slots[Math.Min(slotIndex, slots.Length - 1)].SlotId, minutes == 0 ? 1 : minutes, "correction", at, "org"),
            };
        }).Array[0, 40];

    private static readonly Gen<Accreditation> Accreditations =
        Gen.Select(Gen.Int[1, 4000], Gen.Int[1, 20], Gen.Int[1, 4], Gen.Int[0, 100])
            .Select(x => Accreditation.Create("Body", "P", CreditType.Other, x.Item1 / 1000m, x.Item2, x.Item3 * 0.25m > x.Item2 ? x.Item2 : x.Item3 * 0.25m, x.Item4));

    private static readonly Gen<(Accreditation, AccreditedSlot[], EvidenceEntry[])> Cases =
        from accreditation in Accreditations
        from slots in Slots
        from evidence in Evidence(slots)
        select (accreditation, slots, evidence);

    [Test]
    public void Credits_NeverExceedTheCapOrTheTimeAttended() =>
        Cases.Sample((accreditation, slots, evidence) =>
        {
            var result = CreditPolicy.Assess(accreditation, slots, evidence);
            return result.Credits <= accreditation.MaxCredits
                   && result.Credits <= result.AttendedMinutes / 60m * accreditation.CreditsPerHour
                   && result.Credits >= 0
                   && result.AttendedMinutes <= result.AccreditedMinutes
                   && result.AttendedMinutes >= 0
                   && result.Percent is >= 0 and <= 100
                   && result.Slots.All(s => s.Minutes >= 0 && s.Minutes <= s.WindowMinutes)
                   && (result.Credits == 0 || result.Eligible);
        });

    [Test]
    public void Assessment_DoesNotDependOnTheOrderOfTheEvidence() =>
        Gen.Select(Cases, Gen.Int).Sample((c, seed) =>
        {
            var (accreditation, slots, evidence) = c;
            var shuffled = evidence.OrderBy(_ => new Random(seed).Next()).ToArray();
            new Random(seed).Shuffle(shuffled);
            var a = CreditPolicy.Assess(accreditation, slots, evidence);
            var b = CreditPolicy.Assess(accreditation, slots.Reverse().ToArray(), shuffled);
            return a.AttendedMinutes == b.AttendedMinutes && a.Credits == b.Credits && a.Percent == b.Percent
                   && a.Slots.OrderBy(s => s.SlotId).SequenceEqual(b.Slots.OrderBy(s => s.SlotId));
        });

    [Test]
    public void Merge_DoesNotDependOnOrderAndGivesDisjointSortedRanges() =>
        Gen.Select(Gen.Int[0, 1000], Gen.Int[0, 120]).Array[0, 30].Select(Gen.Int, (xs, seed) => (xs, seed)).Sample(c =>
        {
            var ranges = c.xs.Select(x => new TimeRange(Day.AddMinutes(x.Item1), Day.AddMinutes(x.Item1 + x.Item2))).ToArray();
            var shuffled = ranges.ToArray();
            new Random(c.seed).Shuffle(shuffled);
            var a = TimeRanges.Merge(ranges);
            var b = TimeRanges.Merge(shuffled);
            return a.SequenceEqual(b) && a.Zip(a.Skip(1)).All(p => p.First.End < p.Second.Start) && a.All(r => !r.IsEmpty);
        });
}
