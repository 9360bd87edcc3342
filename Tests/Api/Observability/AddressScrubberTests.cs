using EventScheduler.Api.Observability;

namespace EventScheduler.Tests.Api.Observability;

public sealed class AddressScrubberTests
{
    [TestCase("550 5.1.1 <zhang.wei@example.cn>: Recipient address rejected", "550 5.1.1 <[address]>: Recipient address rejected",
        TestName = "Scrub_WhenInAngleBrackets_ReplacesTheAddressKeepingTheReason")]
    [TestCase("User unknown: zhang.wei+cme@xn--fsqu00a.xn--fiqs8s.", "User unknown: [address]", TestName = "Scrub_WhenBareAndPunycode_ReplacesIt")]
    [TestCase("张伟@例子.中国 rejected", "[address] rejected", TestName = "Scrub_WhenInternationalised_ReplacesIt")]
    [TestCase("ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｎ rejected", "[address] rejected", TestName = "Scrub_WhenFullwidth_ReplacesIt")]
    [TestCase("421 4.3.2 Service not available, closing channel", "421 4.3.2 Service not available, closing channel",
        TestName = "Scrub_WhenNoAddress_LeavesTheTextAlone")]
    public void Scrub_TakesAddressesOut(string text, string scrubbed) => Assert.That(AddressScrubber.Scrub(text), Is.EqualTo(scrubbed));
}
