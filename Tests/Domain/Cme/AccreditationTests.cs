using EventScheduler.Domain.Cme;
using EventScheduler.Domain.Common;

namespace EventScheduler.Tests.Domain.Cme;

public sealed class AccreditationTests
{
    private static Accreditation Valid(decimal rate = 1m, decimal max = 6m, decimal step = 0.25m, int minimum = 85) =>
        Accreditation.Create("Shaanxi CME Committee", "2021-04-07-123", CreditType.ClassI, rate, max, step, minimum);

    private static string CodeOf(TestDelegate act) => Assert.Throws<RuleViolation>(act)!.Code;

    [Test]
    public void Create_WhenValid_KeepsTrimmedValues()
    {
        var a = Accreditation.Create("  Shaanxi CME Committee ", " P-1 ", CreditType.ClassII, 0.5m, 3m, 0.5m, 80);
        Assert.Multiple(() =>
        {
            Assert.That(a.AccreditingBody, Is.EqualTo("Shaanxi CME Committee"));
            Assert.That(a.ProjectNumber, Is.EqualTo("P-1"));
            Assert.That(a.CreditType, Is.EqualTo(CreditType.ClassII));
        });
    }

    [TestCase(null, "P", CmeRules.AccreditingBodyRequired)]
    [TestCase("  ", "P", CmeRules.AccreditingBodyRequired)]
    [TestCase("Body", "", CmeRules.ProjectNumberRequired)]
    public void Create_WhenTextMissing_NamesTheRule(string? body, string project, string code) =>
        Assert.That(CodeOf(() => Accreditation.Create(body, project, CreditType.Other, 1, 6, 0.25m, 85)), Is.EqualTo(code));

    [TestCase(0, 6, 0.25, 85, CmeRules.CreditsPerHourOutOfRange)]
    [TestCase(-1, 6, 0.25, 85, CmeRules.CreditsPerHourOutOfRange)]
    [TestCase(11, 6, 0.25, 85, CmeRules.CreditsPerHourOutOfRange)]
    [TestCase(1, 0, 0.25, 85, CmeRules.MaxCreditsOutOfRange)]
    [TestCase(1, 1001, 0.25, 85, CmeRules.MaxCreditsOutOfRange)]
    [TestCase(1, 6, 0, 85, CmeRules.RoundingStepOutOfRange)]
    [TestCase(1, 6, 7, 85, CmeRules.RoundingStepOutOfRange)]
    [TestCase(1, 6, 0.25, -1, CmeRules.MinimumAttendanceOutOfRange)]
    [TestCase(1, 6, 0.25, 101, CmeRules.MinimumAttendanceOutOfRange)]
    [TestCase(1.0001, 6, 0.25, 85, CmeRules.TooManyDecimals)]
    public void Create_WhenNumberOutOfRange_NamesTheRule(decimal rate, decimal max, decimal step, int minimum, string code) =>
        Assert.That(CodeOf(() => Valid(rate, max, step, minimum)), Is.EqualTo(code));

    [TestCase(90, 1, 0.25, 1.5)]
    [TestCase(100, 1, 0.25, 1.5)] // 1.666 rounds down to 1.5
    [TestCase(100, 1, 0.5, 1.5)]
    [TestCase(59, 1, 1, 0)]
    [TestCase(600, 1, 0.25, 6)] // capped at 6
    [TestCase(0, 1, 0.25, 0)]
    public void CreditsFor_RoundsDownToTheStepAndCaps(decimal minutes, decimal rate, decimal step, decimal expected) =>
        Assert.That(Valid(rate, 6m, step).CreditsFor(minutes), Is.EqualTo(expected));
}
