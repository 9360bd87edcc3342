using EventScheduler.Domain.Common;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Tests.Domain.Registrations;

/// <summary>The canonical e-mail form (issue 11, item 5): every spelling the adversarial run registered twice.</summary>
public sealed class EmailAddressTests
{
    [TestCase("zhang.wei@example.cn", "zhang.wei@example.cn", TestName = "Parse_WhenPlain_IsItself")]
    [TestCase(" Zhang.Wei@Example.CN ", "zhang.wei@example.cn", TestName = "Parse_WhenMixedCaseAndPadded_IsLowerCasedAndTrimmed")]
    [TestCase("ｚｈａｎｇ.wei@example.cn", "zhang.wei@example.cn", TestName = "Parse_WhenFullwidthLetters_IsNfkcFolded")]
    [TestCase("zhang.wei＠ｅｘａｍｐｌｅ．ｃｎ", "zhang.wei@example.cn", TestName = "Parse_WhenFullwidthAtAndDomain_IsNfkcFolded")]
    [TestCase("\"zhang.wei\"@example.cn", "zhang.wei@example.cn", TestName = "Parse_WhenQuotedDotString_IsUnquoted")]
    [TestCase("\"zhang\\.wei\"@example.cn", "zhang.wei@example.cn", TestName = "Parse_WhenQuotedWithEscapes_IsUnescapedAndUnquoted")]
    [TestCase("zhang.wei@例子.中国", "zhang.wei@xn--fsqu00a.xn--fiqs8s", TestName = "Parse_WhenIdnDomain_IsPunycode")]
    [TestCase("zhang.wei@XN--FSQU00A.xn--fiqs8s", "zhang.wei@xn--fsqu00a.xn--fiqs8s", TestName = "Parse_WhenPunycodeDomain_IsLowerCasedItself")]
    [TestCase("zhang.wei@example.cn.", "zhang.wei@example.cn", TestName = "Parse_WhenTrailingDot_IsDropped")]
    [TestCase("张伟@例子.中国", "张伟@xn--fsqu00a.xn--fiqs8s", TestName = "Parse_WhenInternationalisedLocalPart_KeepsIt")]
    [TestCase("zhang.wei+cme@example.cn", "zhang.wei+cme@example.cn", TestName = "Parse_WhenSubAddressed_StaysDistinct")]
    public void Parse_GivesTheCanonicalForm(string typed, string canonical)
    {
        var email = EmailAddress.Parse(typed);

        Assert.That(email.Canonical, Is.EqualTo(canonical));
        Assert.That(email.Typed, Is.EqualTo(typed.Trim()), "the address as typed is kept for display");
    }

    [TestCase("zhang\u200B.wei@example.cn", TestName = "Parse_WhenZeroWidthSpace_IsRefused")]
    [TestCase("zhang\u00AD.wei@example.cn", TestName = "Parse_WhenSoftHyphen_IsRefused")]
    [TestCase("\uFEFFzhang.wei@example.cn", TestName = "Parse_WhenByteOrderMark_IsRefused")]
    [TestCase("zhang.wei@exam\u200Dple.cn", TestName = "Parse_WhenZeroWidthJoinerInDomain_IsRefused")]
    [TestCase("zhang\u2060wei@example.cn", TestName = "Parse_WhenWordJoiner_IsRefused")]
    public void Parse_WhenInvisibleCharacter_IsRefusedWithItsCode(string typed)
    {
        var violation = Assert.Throws<RuleViolation>(() => EmailAddress.Parse(typed))!;

        Assert.That((violation.Code, violation.Field), Is.EqualTo((RegistrationRules.EmailInvisibleCharacter, "email")));
        Assert.That(violation.Message, Does.Not.Contain("zhang"), "the address is never echoed");
    }

    [TestCase("\"zhang wei\"@example.cn", TestName = "Parse_WhenQuotedWithSpace_IsRefused")]
    [TestCase("\"zhang..wei\"@example.cn", TestName = "Parse_WhenQuotedNotADotString_IsRefused")]
    [TestCase("zhang.wei@-example.cn", TestName = "Parse_WhenDomainLabelStartsWithHyphen_IsRefused")]
    [TestCase("zhang.wei@example", TestName = "Parse_WhenDomainHasNoDot_IsRefused")]
    [TestCase("zhang..wei@example.cn", TestName = "Parse_WhenDoubleDot_IsRefused")]
    public void Parse_WhenNotAnAddress_IsRefusedEmailInvalid(string typed) =>
        Assert.That(Assert.Throws<RuleViolation>(() => EmailAddress.Parse(typed))!.Code, Is.EqualTo(RegistrationRules.EmailInvalid));

    [TestCase("zhang.wei@example.cn", "zhang.wei@example.cn", TestName = "ForDelivery_WhenPlain_IsItself")]
    [TestCase(" Zhang.Wei@Example.CN ", "Zhang.Wei@example.cn", TestName = "ForDelivery_KeepsTheLocalPartsCaseAndLowerCasesTheDomain")]
    [TestCase("ｚｈａｎｇ.wei@example.cn", "zhang.wei@example.cn", TestName = "ForDelivery_WhenFullwidthLetters_IsAscii")]
    [TestCase("ＺＨＡＮＧ.Wei＠ｅｘａｍｐｌｅ．ｃｎ", "ZHANG.Wei@example.cn", TestName = "ForDelivery_WhenFullwidthAtAndDomain_IsAsciiAndKeepsCase")]
    [TestCase("zhang.wei@例子.中国", "zhang.wei@xn--fsqu00a.xn--fiqs8s", TestName = "ForDelivery_WhenIdnDomain_IsPunycode")]
    [TestCase("张伟@例子.中国", "张伟@xn--fsqu00a.xn--fiqs8s", TestName = "ForDelivery_WhenInternationalisedLocalPart_KeepsIt")]
    [TestCase("ｶﾀｶﾅ@example.jp", "ｶﾀｶﾅ@example.jp", TestName = "ForDelivery_WhenHalfwidthKatakana_KeepsItAsTyped")]
    [TestCase("\"zhang.wei\"@example.cn", "zhang.wei@example.cn", TestName = "ForDelivery_WhenQuotedDotString_IsUnquoted")]
    [TestCase("zhang.wei+cme@example.cn.", "zhang.wei+cme@example.cn", TestName = "ForDelivery_KeepsSubAddressesAndDropsATrailingDot")]
    [TestCase("zhang\u200B.wei@example.cn", "zhang.wei@example.cn", TestName = "ForDelivery_WhenStoredWithInvisibleCharacters_RemovesThem")]
    public void ForDelivery_GivesWhatAMailServerDelivers(string typed, string delivery) =>
        Assert.That(EmailAddress.ForDelivery(typed), Is.EqualTo(delivery));

    [Test]
    public void Canonicalise_WhenStoredWithInvisibleCharacters_RemovesThem() =>
        Assert.That(EmailAddress.Canonicalise("zhang\u200B.wei\u00AD@Example.CN"), Is.EqualTo("zhang.wei@example.cn"));

    [Test]
    public void Canonicalise_WhenDomainIsNotValidIdna_FallsBackToLowerCase() =>
        Assert.That(EmailAddress.Canonicalise("A@B_C.CN"), Is.EqualTo("a@b_c.cn"));
}
