using EventScheduler.Tests.Api.Cme;

namespace EventScheduler.Tests.Api.Email;

/// <summary>Issue 12 with issue 14: issuing certificates mails each attendee that theirs is ready, in the issuing
/// transaction, with a download link that opens the PDF without the manage token.</summary>
public sealed class CertificateMailTests : CmeTestBase
{
    private readonly SmtpTestServer _smtp = new SmtpTestServer().Start();

    protected override IDictionary<string, string?>? Settings => MailTestBase.SmtpSettings(_smtp.Port);

    [OneTimeTearDown]
    public void StopSmtp() => _smtp.Dispose();

    [Test]
    public async Task IssuingCertificates_MailsEachAttendeeADownloadLinkThatOpensThePdf()
    {
        var (meeting, email, registration) = await CompletedMeetingAsync(language: null);

        var issued = await IssueAsync(meeting);

        var mail = (await _smtp.WaitForAsync(email, where: m => (m.Message.Subject ?? "").StartsWith("继续医学教育学分证书已签发", StringComparison.Ordinal))).Single();
        var (serial, token) = DownloadLink(mail);
        var download = await Anonymous.GetAsync($"/certificates/{serial}.pdf?token={token}");
        await Expect(download, HttpStatusCode.OK);
        var certificate = issued["issued"]!.AsArray().Single()!;
        Assert.Multiple(() =>
        {
            Assert.That(serial, Is.EqualTo(certificate["serial"]!.GetValue<string>()));
            Assert.That(download.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/pdf"));
            Assert.That(mail.Text, Does.Contain(certificate["verificationCode"]!.GetValue<string>()), "the verification code in the text");
            Assert.That(mail.Text, Does.Contain("Ⅰ类学分 6 分"));
            Assert.That(mail.Html, Does.Contain($"/certificates/{serial}.pdf?token="), "the link in the HTML part too");
            Assert.That(Id(registration), Is.EqualTo(certificate["registrationId"]!.GetValue<Guid>()));
        });
    }

    [Test]
    public async Task CertificateMail_ForAnEnglishRegistration_IsInEnglish()
    {
        var (meeting, email, _) = await CompletedMeetingAsync(language: "en");

        await IssueAsync(meeting);

        var mail = (await _smtp.WaitForAsync(email, where: m => (m.Message.Subject ?? "").StartsWith("Your CME certificate is ready: ", StringComparison.Ordinal))).Single();
        Assert.That(mail.Text, Does.Contain("6 Class I credits, awarded by Shaanxi Provincial CME Committee"));
    }

    [Test]
    public async Task CertificateDownloadLink_OfAnotherRegistration_IsRefused()
    {
        var (meeting, email, _) = await CompletedMeetingAsync(language: null);
        var other = await CompletedMeetingAsync(language: null);
        await IssueAsync(meeting);
        var otherSerial = (await IssueAsync(other.Meeting))["issued"]!.AsArray().Single()!["serial"]!.GetValue<string>();

        var (_, token) = DownloadLink((await _smtp.WaitForAsync(email, where: m => (m.Message.Subject ?? "").StartsWith("继续医学教育", StringComparison.Ordinal))).Single());

        await ExpectProblem(await Anonymous.GetAsync($"/certificates/{otherSerial}.pdf?token={token}"), HttpStatusCode.NotFound, "not_found");
    }

    [Test]
    public async Task IssuingCertificates_WhenRefused_MailsNothing()
    {
        var m = await CreateCmeMeetingAsync();
        var email = $"{Guid.NewGuid():N}@hospital.example.cn";
        await Expect(await PostSignUpAsync(Anonymous, m.Id, SignUpBody("in_person", email)), HttpStatusCode.Created);

        // Not completed: 409, and nothing is recorded (the mail would only come with the certificate's transaction).
        await ExpectProblem(await Organiser.PostAsync($"/meetings/{m.Id}/certificates", null), HttpStatusCode.Conflict, "meeting_not_completed");

        // A barrier: the sign-up's own confirmation arrives after any mail recorded before it could have.
        await _smtp.WaitForAsync(email);
        var registration = (await Json(await Organiser.GetAsync($"/meetings/{m.Id}/registrations")))["items"]!.AsArray().Single()!;
        var messages = await Json(await Organiser.GetAsync($"/registrations/{registration["id"]!.GetValue<Guid>()}/messages"));
        Assert.That(messages["items"]!.AsArray().Select(i => i!["kind"]!.GetValue<string>()), Has.None.EqualTo("certificate_ready"));
    }

    /// <summary>A completed meeting (85 % minimum) with one full-day in-person attendee: eligible for 6 credits.</summary>
    private async Task<(Guid Meeting, string Email, JsonNode Registration)> CompletedMeetingAsync(string? language)
    {
        var m = await CreateCmeMeetingAsync(minimumPercent: 85);
        var email = $"{Guid.NewGuid():N}@hospital.example.cn";
        var body = SignUpBody("in_person", email, "张伟 Zhang Wei");
        if (language is not null)
        {
            body["language"] = language;
        }

        var response = await PostSignUpAsync(Anonymous, m.Id, body);
        await Expect(response, HttpStatusCode.Created);
        var registration = await Json(response);
        SetNow(m.Start.AddMinutes(-10));
        await Expect(await CheckInAsync(m.Id, registration), HttpStatusCode.OK);
        SetNow(m.Start.AddHours(9));
        await Expect(await Organiser.PostAsync($"/meetings/{m.Id}/complete", null), HttpStatusCode.OK);
        return (m.Id, email, registration);
    }

    private async Task<JsonNode> IssueAsync(Guid meeting)
    {
        var response = await Organiser.PostAsync($"/meetings/{meeting}/certificates", null);
        await Expect(response, HttpStatusCode.OK);
        return await Json(response);
    }

    private static (string Serial, string Token) DownloadLink(ReceivedMail mail)
    {
        var match = System.Text.RegularExpressions.Regex.Match(mail.Text,
            MailTestBase.PublicBaseUrl.Replace(".", "\\.", StringComparison.Ordinal) + @"/certificates/(CME-\d{4}-\d{6})\.pdf\?token=(rml_[A-Za-z0-9_-]+)");
        Assert.That(match.Success, Is.True, "a download link in the text part: " + mail.Text);
        return (match.Groups[1].Value, match.Groups[2].Value);
    }
}
