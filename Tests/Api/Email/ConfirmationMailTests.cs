using Ical.Net;

namespace EventScheduler.Tests.Api.Email;

/// <summary>The sign-up messages as a real SMTP server receives them.</summary>
public sealed class ConfirmationMailTests : MailTestBase
{
    [Test]
    public async Task SignUp_InPerson_MailsConfirmationWhoseQrCodeDecodesToTheCheckInCode()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 5);
        var email = Email();
        var registration = await SignUpAsync(meeting, "in_person", email);

        var mail = (await Smtp.WaitForAsync(email)).Single();
        var code = registration["checkInCode"]!.GetValue<string>();
        var qr = mail.Message.BodyParts.OfType<MimeKit.MimePart>().Single(p => p.ContentId == "check-in-qr");
        Assert.Multiple(() =>
        {
            Assert.That(mail.Message.Subject, Does.StartWith("报名成功："));
            Assert.That(mail.Text, Does.Contain(code));
            Assert.That(qr.ContentType.MimeType, Is.EqualTo("image/png"));
            Assert.That(QrDecoder.Decode(Bytes(qr)), Is.EqualTo(code));
            Assert.That(mail.Html, Does.Contain("src=\"cid:check-in-qr\""));
            Assert.That(Attachment(mail, "image/png"), Is.Not.Null, "the QR code is attached as well");
        });
    }

    [Test]
    public async Task SignUp_Online_MailsConfirmationWithoutTheStreamLink()
    {
        var meeting = await CreateOpenMeetingAsync();
        var email = Email();
        await SignUpAsync(meeting, "online", email);

        var mail = (await Smtp.WaitForAsync(email)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(mail.Message.Subject, Does.StartWith("报名成功："));
            Assert.That(mail.Text, Does.Contain("直播链接会在会议开始前"));
            Assert.That(mail.Text + mail.Html, Does.Not.Contain("live.example.org"));
            Assert.That(mail.Message.BodyParts.OfType<MimeKit.MimePart>().Any(p => p.ContentId == "check-in-qr"), Is.False);
        });
    }

    [Test]
    public async Task SignUp_WhenSeatsAreTaken_MailsTheWaitingListPosition()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 1);
        await SignUpAsync(meeting, "in_person");
        await SignUpAsync(meeting, "in_person");
        var email = Email();
        await SignUpAsync(meeting, "in_person", email);

        var mail = (await Smtp.WaitForAsync(email)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(mail.Message.Subject, Does.StartWith("已加入候补名单："));
            Assert.That(mail.Text, Does.Contain("第 2 位"));
            Assert.That(mail.Text, Does.Not.Contain("签到码"));
        });
    }

    [Test]
    public async Task SignUp_WithEnglish_MailsInEnglish()
    {
        var meeting = await CreateOpenMeetingAsync();
        var email = Email();
        var body = SignUpBody("in_person", email);
        body["language"] = "en";
        await SignUpAsync(meeting, body);

        var mail = (await Smtp.WaitForAsync(email)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(mail.Message.Subject, Does.StartWith("Registration confirmed: "));
            Assert.That(mail.Text, Does.StartWith("Dear "));
            Assert.That(mail.Message.Body!.Headers["Content-Language"], Is.EqualTo("en"));
        });
    }

    [Test]
    public async Task SignUp_WithoutLanguage_InheritsTheMeetingsLanguage()
    {
        var body = MeetingBody(await CreateHospitalAsync());
        body["language"] = "en";
        var meeting = await CreatePublishedMeetingAsync(body);
        var email = Email();
        var registration = await SignUpAsync(meeting, "online", email);

        var mail = (await Smtp.WaitForAsync(email)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(registration["language"]!.GetValue<string>(), Is.EqualTo("en"));
            Assert.That(mail.Message.Subject, Does.StartWith("Registration confirmed: "));
        });
    }

    [Test]
    public async Task SignUp_WithChineseNames_EncodesHeadersAsRfc2047AndBodiesAsUtf8()
    {
        var meeting = await CreateOpenMeetingAsync();
        var email = Email();
        var body = SignUpBody("in_person", email, name: "张伟");
        body["hospitalName"] = "汉中市中心医院";
        await SignUpAsync(meeting, body);

        var mail = (await Smtp.WaitForAsync(email)).Single();
        var raw = mail.RawText;
        var headers = raw[..raw.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        Assert.Multiple(() =>
        {
            Assert.That(headers.All(c => c < 128), Is.True, "headers are 7-bit ASCII on the wire");
            Assert.That(headers, Does.Match(@"(?im)^Subject: =\?utf-8\?[bq]\?"));
            Assert.That(headers, Does.Match(@"(?im)^To: =\?utf-8\?[bq]\?"));
            Assert.That(mail.Message.To.Mailboxes.Single().Name, Is.EqualTo("张伟"));
            Assert.That(mail.Message.From.Mailboxes.Single().Name, Is.EqualTo("联盟会务组"));
            Assert.That(mail.Message.BodyParts.OfType<MimeKit.TextPart>().All(p => p.ContentType.Charset == "utf-8"), Is.True);
            Assert.That(mail.Text, Does.Contain("张伟，您好："));
        });
    }

    [Test]
    public async Task SignUp_AttachesTheMeetingsCalendar_WhichParses()
    {
        var meeting = await CreateOpenMeetingAsync();
        var email = Email();
        await SignUpAsync(meeting, "in_person", email);

        var mail = (await Smtp.WaitForAsync(email)).Single();
        var ics = Attachment(mail, "text/calendar") ?? throw new AssertionException("no calendar attachment");
        var calendar = Calendar.Load(System.Text.Encoding.UTF8.GetString(Bytes(ics)));
        Assert.That(calendar!.Events.Select(e => e.Uid), Does.Contain($"meeting-{meeting}@eventscheduler"));
    }

    [Test]
    public async Task ManageLink_FromAMail_OpensTheRegistration()
    {
        var meeting = await CreateOpenMeetingAsync();
        var email = Email();
        var registration = await SignUpAsync(meeting, "in_person", email);

        var (id, token) = ManageLink((await Smtp.WaitForAsync(email)).Single());
        var response = await Anonymous.GetAsync($"/registrations/{id}?token={token}");
        await Expect(response, HttpStatusCode.OK);
        Assert.That((await Json(response))["id"]!.GetValue<Guid>(), Is.EqualTo(Id(registration)));
    }

    [Test]
    public async Task ManageLink_OfOneRegistration_DoesNotOpenAnother()
    {
        var meeting = await CreateOpenMeetingAsync();
        var email = Email();
        await SignUpAsync(meeting, "in_person", email);
        var other = await SignUpAsync(meeting, "in_person");

        var (_, token) = ManageLink((await Smtp.WaitForAsync(email)).Single());
        await ExpectProblem(await Anonymous.GetAsync($"/registrations/{Id(other)}?token={token}"), HttpStatusCode.NotFound, "not_found");
    }

    [Test]
    public async Task ManageLink_WhenTampered_IsRefused()
    {
        var meeting = await CreateOpenMeetingAsync();
        var email = Email();
        await SignUpAsync(meeting, "in_person", email);

        var (id, token) = ManageLink((await Smtp.WaitForAsync(email)).Single());
        var tampered = token[..^3] + (token[^3] == 'A' ? "B" : "A") + token[^2..];
        await ExpectProblem(await Anonymous.GetAsync($"/registrations/{id}?token={tampered}"), HttpStatusCode.NotFound, "not_found");
    }
}
