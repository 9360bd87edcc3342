using System.Globalization;
using CsCheck;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Tests.Domain.Registrations;

/// <summary>The short cut must never answer differently from IDNA: whatever it accepts, ICU's IDNA (STD3 rules)
/// accepts and maps to itself.</summary>
public sealed class AsciiDomainTests
{
    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true };

    // Letters, digits, hyphens and dots, in labels around the 63-character limit and names around 253.
    private static readonly Gen<string> Label = Gen.OneOf(
        Gen.String[Gen.Char["abz09-"], 0, 6],
        Gen.String[Gen.Char["ab-"], 61, 65]);

    private static readonly Gen<string> Domains = Gen.OneOf(
        Label.Array[1, 5].Select(labels => string.Join('.', labels)),
        Gen.Int[248, 256].Select(length => string.Join('.', Enumerable.Repeat(new string('a', 62), 5))[..length]),
        Gen.String[Gen.Char["aZ9-.xn"], 1, 30]);

    [Test]
    public void IsOwnAsciiForm_WhenItSaysYes_IdnaReturnsTheDomainUnchanged() =>
        Domains.Sample(domain =>
        {
            if (!AsciiDomain.IsOwnAsciiForm(domain))
            {
                return true;
            }

            try
            {
                return Idn.GetAscii(domain) == domain;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }, iter: 20_000);

    [TestCase("hospital.org.cn")]
    [TestCase("a-b.example.com")]
    [TestCase("163.com")]
    public void IsOwnAsciiForm_WhenPlainLowerCaseAscii_IsTrue(string domain) => Assert.That(AsciiDomain.IsOwnAsciiForm(domain), Is.True);

    [TestCase("xn--fiqs8s")]
    [TestCase("例子.中国")]
    [TestCase("Hospital.org")]
    [TestCase("-a.cn")]
    [TestCase("a-.cn")]
    [TestCase("a..cn")]
    [TestCase("")]
    public void IsOwnAsciiForm_WhenIdnaMustDecide_IsFalse(string domain) => Assert.That(AsciiDomain.IsOwnAsciiForm(domain), Is.False);

    [Test]
    public void ToAscii_WhenDomainIsUnicode_ReturnsPunycode() => Assert.That(AsciiDomain.ToAscii("例子.中国"), Is.EqualTo("xn--fsqu00a.xn--fiqs8s"));
}
