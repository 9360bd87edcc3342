using EventScheduler.Domain.Cme;
using static EventScheduler.Tests.Domain.Registrations.RegistrationFixtures;

namespace EventScheduler.Tests.Domain.Cme;

public sealed class EvidenceTests
{
    [Test]
    public void Adjustment_WhenValid_RecordsTheOrganiserAndReason()
    {
        var entry = EvidenceEntry.Adjustment(Guid.NewGuid(), Guid.NewGuid(), -15, " Left for theatre ", Now, "key-1");
        Assert.Multiple(() =>
        {
            Assert.That(entry.Kind, Is.EqualTo(EvidenceKind.Adjustment));
            Assert.That(entry.Minutes, Is.EqualTo(-15));
            Assert.That(entry.Reason, Is.EqualTo("Left for theatre"));
            Assert.That(entry.RecordedBy, Is.EqualTo("key-1"));
        });
    }

    [TestCase(0)]
    [TestCase(EvidenceEntry.MaxAdjustmentMinutes + 1)]
    [TestCase(-EvidenceEntry.MaxAdjustmentMinutes - 1)]
    public void Adjustment_WhenMinutesOutOfRange_NamesTheRule(int minutes) =>
        Assert.That(Violation(() => EvidenceEntry.Adjustment(Guid.NewGuid(), Guid.NewGuid(), minutes, "reason", Now, null)).Code,
            Is.EqualTo(CmeRules.AdjustmentMinutesOutOfRange));

    [TestCase(null)]
    [TestCase("   ")]
    public void Adjustment_WithoutReason_NamesTheRule(string? reason) =>
        Assert.That(Violation(() => EvidenceEntry.Adjustment(Guid.NewGuid(), Guid.NewGuid(), 10, reason, Now, null)).Code,
            Is.EqualTo(CmeRules.AdjustmentReasonRequired));
}
