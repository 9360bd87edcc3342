using EventScheduler.Domain.Cme;
using EventScheduler.Domain.Common;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Tests.Domain.Cme;

public sealed class CertificateTests
{
    private static readonly DateTimeOffset Now = new(2021, 9, 24, 2, 0, 0, TimeSpan.Zero);

    private static Certificate Issued()
    {
        var accreditation = Accreditation.Create("Body", "P-1", CreditType.ClassII, 1m, 6m, 0.5m, 50);
        var slot = new AccreditedSlot(Guid.NewGuid(), new TimeRange(Now.AddHours(-20), Now.AddHours(-17)));
        var assessment = CreditPolicy.Assess(accreditation, [slot], [EvidenceEntry.CheckIn(Guid.NewGuid(), Now.AddHours(-21))]);
        var meeting = new CertifiedMeeting(Guid.NewGuid(), "Meeting", Now.AddHours(-20), Now.AddHours(-17), "Asia/Shanghai", "Hanzhong", ["Director Liu Xuemin"]);
        return Certificate.Issue(42, "ABCD-EFGH-JKMN-PQRS", Guid.NewGuid(), "张伟", null, null, AttendanceMode.InPerson, meeting, accreditation, assessment, Now);
    }

    [Test]
    public void Issue_NumbersBySequenceAndYear() => Assert.That(Issued().Serial, Is.EqualTo("CME-2021-000042"));

    [Test]
    public void Issue_CopiesTheCredits() => Assert.That(Issued().Credits, Is.EqualTo(3m));

    [Test]
    public void Revoke_WithoutReason_NamesTheRule() =>
        Assert.That(Assert.Throws<RuleViolation>(() => Issued().Revoke(" ", Now))!.Code, Is.EqualTo(CmeRules.RevocationReasonRequired));

    [Test]
    public void Revoke_Twice_NamesTheRule()
    {
        var certificate = Issued();
        certificate.Revoke("Issued in error", Now);
        Assert.That(Assert.Throws<RuleViolation>(() => certificate.Revoke("again", Now))!.Code, Is.EqualTo(CmeRules.AlreadyRevoked));
    }

    [Test]
    public void EnsureNotRevoked_WhenValid_Allows() => Assert.DoesNotThrow(() => Issued().EnsureNotRevoked());

    [Test]
    public void EnsureNotRevoked_WhenRevoked_NamesTheRuleAndWhen()
    {
        var certificate = Issued();
        certificate.Revoke("Issued in error", Now);
        var violation = Assert.Throws<RuleViolation>(certificate.EnsureNotRevoked)!;
        Assert.Multiple(() =>
        {
            Assert.That(violation.Code, Is.EqualTo(CmeRules.CertificateRevoked));
            Assert.That(violation.Extensions["revokedAt"], Is.EqualTo(Now));
        });
    }

    [TestCase("abcd-efgh jkmn-pqrs", "ABCDEFGHJKMNPQRS")]
    [TestCase("ABCDEFGHJKMNPQRS", "ABCDEFGHJKMNPQRS")]
    public void NormaliseCode_IgnoresCaseSpacesAndDashes(string typed, string expected) =>
        Assert.That(Certificate.NormaliseCode(typed), Is.EqualTo(expected));
}
