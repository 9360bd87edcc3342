namespace EventScheduler.Tests.Api.Email;

/// <summary>Mail goes to the address a mail server delivers to (Domain <c>EmailAddress.ForDelivery</c>), as the SMTP
/// server sees it in RCPT TO, while the registration keeps showing the address as typed.</summary>
public sealed class DeliveryAddressTests : MailTestBase
{
    private async Task<(JsonNode Registration, ReceivedMail Mail)> SignUpAndReceiveAsync(string typed, string delivered)
    {
        var meeting = await CreateOpenMeetingAsync();
        var created = await SignUpAsync(meeting, SignUpBody("in_person", typed));
        var mail = (await Smtp.WaitForAsync(delivered)).Single();
        // The organiser's view of the registration is the one that shows the address.
        var response = await Organiser.GetAsync($"/registrations/{Id(created)}");
        await Expect(response, HttpStatusCode.OK);
        return (await Json(response), mail);
    }

    [Test]
    public async Task SignUp_WithAFullwidthTypedAddress_MailsItsAsciiFormAndShowsTheTypedOne()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var typed = $"ｚｈａｎｇ.ｗｅｉ.{id}＠ｅｘａｍｐｌｅ．ｃｎ";
        var delivered = $"zhang.wei.{id}@example.cn";

        var (registration, mail) = await SignUpAndReceiveAsync(typed, delivered);

        Assert.Multiple(() =>
        {
            Assert.That(mail.RcptTo, Is.EqualTo(new[] { delivered }));
            Assert.That(mail.Message.To.Mailboxes.Single().Address, Is.EqualTo(delivered));
            Assert.That(registration["email"]!.GetValue<string>(), Is.EqualTo(typed), "the registration shows the address as typed");
        });
    }

    [Test]
    public async Task SignUp_WithAnIdnDomain_MailsThePunycodeDomainKeepingTheLocalPartsCase()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var delivered = $"Zhang.Wei.{id}@xn--fsqu00a.xn--fiqs8s";

        var (registration, mail) = await SignUpAndReceiveAsync($"Zhang.Wei.{id}@例子.中国", delivered);

        Assert.Multiple(() =>
        {
            Assert.That(mail.RcptTo, Is.EqualTo(new[] { delivered }));
            Assert.That(mail.RawText, Does.Contain($"<{delivered}>"), "the To header names the same mailbox, in ASCII");
            Assert.That(registration["email"]!.GetValue<string>(), Is.EqualTo($"Zhang.Wei.{id}@例子.中国"));
        });
    }

    [Test]
    public async Task SignUp_WithAnInternationalisedLocalPart_MailsItOverSmtpUtf8()
    {
        var id = Guid.NewGuid().ToString("N")[..12];

        // Found by its To header as MimeKit reads it back (it shows IDN domains in Unicode).
        var (_, mail) = await SignUpAndReceiveAsync($"张伟{id}@例子.中国", $"张伟{id}@例子.中国");

        // Over SMTPUTF8 MailKit writes the domain as U-labels (RFC 6531 allows either form); the local part is the
        // attendee's own, unchanged.
        Assert.That(mail.RcptTo.Single(), Does.StartWith($"张伟{id}@"));
    }
}
