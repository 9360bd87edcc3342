using EventScheduler.Domain.Common;
using EventScheduler.Domain.Registrations;
using static EventScheduler.Tests.Domain.Registrations.RegistrationFixtures;

namespace EventScheduler.Tests.Domain.Registrations;

public sealed class AttendeeTests
{
    [TestCase("plain")]
    [TestCase("a@b")]
    [TestCase("a b@example.cn")]
    [TestCase("a@@example.cn")]
    [TestCase("@example.cn")]
    public void Create_WhenEmailInvalid_IsRefusedWithoutEchoingIt(string email)
    {
        var violation = Violation(() => Attendee.Create("A", email, null, null, "H", "J", "S"));

        Assert.That(violation.Code, Is.EqualTo(RegistrationRules.EmailInvalid));
        Assert.That(violation.Message, Does.Not.Contain(email));
    }

    [Test]
    public void Create_WhenEmailBlank_IsRefusedAsRequired() =>
        Assert.That(Violation(() => Attendee.Create("A", " ", null, null, "H", "J", "S")).Code, Is.EqualTo(Text.RequiredCode));

    [Test]
    public void Create_WhenPhoneHasLetters_IsRefusedPhoneInvalid() =>
        Assert.That(Violation(() => Attendee.Create("A", "a@example.cn", "call me", null, "H", "J", "S")).Code, Is.EqualTo(RegistrationRules.PhoneInvalid));

    [Test]
    public void Create_NormalisesEmailForUniqueness() =>
        Assert.That(Attendee.Create("A", " Li.Yu@Example.CN ", null, null, "H", "J", "S").EmailNormalised, Is.EqualTo("li.yu@example.cn"));

    [Test]
    public void Create_WithoutAnyHospital_IsRefusedHospitalRequired() =>
        Assert.That(Violation(() => Attendee.Create("A", "a@example.cn", null, null, " ", "J", "S")).Code, Is.EqualTo(RegistrationRules.HospitalRequired));

    [Test]
    public void OfHospital_WhenTheHospitalIdIsUnknown_IsRefusedUnknownHospital()
    {
        var attendee = Attendee.Create("A", "a@example.cn", null, Guid.NewGuid(), null, "J", "S");

        Assert.That(Violation(() => attendee.OfHospital(null)).Code, Is.EqualTo(RegistrationRules.UnknownHospital));
    }

    [Test]
    public void OfHospital_WhenTheHospitalIsKnown_TakesItsRegisteredName()
    {
        var attendee = Attendee.Create("A", "a@example.cn", null, Guid.NewGuid(), "typed name", "J", "S");

        Assert.That(attendee.OfHospital("Hanzhong 3201 Hospital").HospitalName, Is.EqualTo("Hanzhong 3201 Hospital"));
    }
}
