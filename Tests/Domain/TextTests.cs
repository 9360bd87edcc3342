using EventScheduler.Domain.Common;

namespace EventScheduler.Tests.Domain;

public sealed class TextTests
{
    [TestCase("Han\0zhong")]
    [TestCase("\u001b[31mShaanxi")]
    [TestCase("a\u007fb")]
    public void HasControlCharacters_WhenTextHoldsNulEscapeOrDelete_IsTrue(string text)
    {
        Assert.That(Text.HasControlCharacters(text), Is.True);
    }

    [TestCase("汉中市")]
    [TestCase("Line one\r\nLine two\twith a tab")]
    [TestCase("")]
    public void HasControlCharacters_WhenTextHoldsOnlyPrintableLineBreaksOrTabs_IsFalse(string text)
    {
        Assert.That(Text.HasControlCharacters(text), Is.False);
    }

    [Test]
    public void Required_WhenTextHoldsNul_ThrowsInvalidCharacters()
    {
        var violation = Assert.Throws<RuleViolation>(() => Text.Required("Li\0 Yu", "fullName", 100))!;

        Assert.That(violation.Code, Is.EqualTo(Text.InvalidCharactersCode));
    }
}
