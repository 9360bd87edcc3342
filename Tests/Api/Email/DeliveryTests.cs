using SmtpServer.Protocol;

namespace EventScheduler.Tests.Api.Email;

/// <summary>Retries, failures and the organiser's view: the outbox against an SMTP server that misbehaves.</summary>
[NonParallelizable]
public sealed class DeliveryTests : MailTestBase
{
    [Test]
    public async Task SmtpServer_DownForAWhile_DeliversEveryMessageOnceItIsBack()
    {
        var meeting = await CreateOpenMeetingAsync();
        Smtp.Stop();
        var emails = Enumerable.Range(0, 5).Select(_ => Email()).ToList();
        var ids = new List<Guid>();
        foreach (var email in emails)
        {
            ids.Add(Id(await SignUpAsync(meeting, "online", email)));
        }

        // Failed attempts are recorded while the server is away.
        await WaitForMessagesAsync(ids[0], items => items[0]!["attempts"]!.GetValue<int>() >= 2 && items[0]!["state"]!.GetValue<string>() == "pending");
        Smtp.Start();

        foreach (var email in emails)
        {
            await Smtp.WaitForAsync(email);
        }

        var last = await WaitForMessagesAsync(ids[^1], items => items[0]!["state"]!.GetValue<string>() == "sent");
        Assert.Multiple(() =>
        {
            Assert.That(emails.Select(e => Smtp.To(e).Count), Is.All.EqualTo(1), "none twice");
            Assert.That(last[0]!["lastError"], Is.Null);
        });
    }

    [Test]
    public async Task SmtpServer_Answering5xx_MarksTheMessageFailedAndEmitsMessageFailed()
    {
        var meeting = await CreateOpenMeetingAsync();
        Smtp.ReplyNext(SmtpReplyCode.MailboxUnavailable);
        var registration = await SignUpAsync(meeting, "online", Email());

        var items = await WaitForMessagesAsync(Id(registration), i => i[0]!["state"]!.GetValue<string>() == "failed");
        var changes = await Json(await Organiser.GetAsync("/changes?after=0&limit=200"));
        Assert.Multiple(() =>
        {
            Assert.That(items[0]!["lastError"]!.GetValue<string>(), Does.Contain("550"));
            Assert.That(items[0]!["attempts"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(changes["items"]!.AsArray().Any(c => c!["type"]!.GetValue<string>() == "message.failed"
                                                             && c["data"]!["registrationId"]!.GetValue<Guid>() == Id(registration)), Is.True);
        });
    }

    [Test]
    public async Task Retry_OfAFailedMessage_SendsItWithTheSameMessageId()
    {
        var meeting = await CreateOpenMeetingAsync();
        Smtp.ReplyNext(SmtpReplyCode.MailboxUnavailable);
        var email = Email();
        var registration = await SignUpAsync(meeting, "online", email);
        var failed = await WaitForMessagesAsync(Id(registration), i => i[0]!["state"]!.GetValue<string>() == "failed");
        var messageId = failed[0]!["id"]!.GetValue<long>();

        var retry = await Organiser.PostAsync($"/registrations/{Id(registration)}/messages/{messageId}/retry", null);
        await Expect(retry, HttpStatusCode.Accepted);

        var mail = (await Smtp.WaitForAsync(email)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(mail.Message.MessageId, Does.StartWith($"es-{messageId}."));
            Assert.That(Smtp.To(email), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Retry_OfASentMessage_Is409()
    {
        var meeting = await CreateOpenMeetingAsync();
        var registration = await SignUpAsync(meeting, "online", Email());
        var sent = await WaitForMessagesAsync(Id(registration), i => i[0]!["state"]!.GetValue<string>() == "sent");

        var retry = await Organiser.PostAsync($"/registrations/{Id(registration)}/messages/{sent[0]!["id"]!.GetValue<long>()}/retry", null);
        await ExpectProblem(retry, HttpStatusCode.Conflict, "message_not_failed");
    }

    [Test]
    public async Task Retry_OfAnUnknownMessage_Is404()
    {
        var meeting = await CreateOpenMeetingAsync();
        var registration = await SignUpAsync(meeting, "online", Email());

        await ExpectProblem(await Organiser.PostAsync($"/registrations/{Id(registration)}/messages/999999999/retry", null), HttpStatusCode.NotFound, "not_found");
    }

    [Test]
    public async Task SmtpServer_Answering4xx_RetriesUntilAccepted()
    {
        var meeting = await CreateOpenMeetingAsync();
        Smtp.ReplyNext(SmtpReplyCode.ServiceUnavailable, 2);
        var email = Email();
        var registration = await SignUpAsync(meeting, "online", email);

        await Smtp.WaitForAsync(email);
        var items = await WaitForMessagesAsync(Id(registration), i => i[0]!["state"]!.GetValue<string>() == "sent");
        Assert.Multiple(() =>
        {
            Assert.That(items[0]!["attempts"]!.GetValue<int>(), Is.EqualTo(3));
            Assert.That(Smtp.To(email), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task SignUp_RolledBack_SendsNothing()
    {
        var meeting = await CreateOpenMeetingAsync();
        var email = Email();
        await SignUpAsync(meeting, "in_person", email);
        var duplicate = await PostSignUpAsync(Anonymous, meeting, SignUpBody("online", email));
        await ExpectProblem(duplicate, HttpStatusCode.Conflict, "already_registered");
        // A later sign-up's mail arriving shows the worker has passed the rolled-back one's place in the queue.
        var later = Email();
        await SignUpAsync(meeting, "online", later);
        await Smtp.WaitForAsync(later);

        Assert.That(Smtp.To(email), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Messages_OfARegistration_ListKindLanguageStateAndTimes()
    {
        var meeting = await CreateOpenMeetingAsync();
        var registration = await SignUpAsync(meeting, "online", Email());

        var items = await WaitForMessagesAsync(Id(registration), i => i[0]!["state"]!.GetValue<string>() == "sent");
        Assert.Multiple(() =>
        {
            Assert.That(items[0]!["kind"]!.GetValue<string>(), Is.EqualTo("registration_confirmed"));
            Assert.That(items[0]!["language"]!.GetValue<string>(), Is.EqualTo("zh"));
            Assert.That(items[0]!["sentAt"]!.GetValue<DateTimeOffset>().Offset, Is.EqualTo(TimeSpan.FromHours(8)), "in the meeting's time zone");
        });
    }

    [Test]
    public async Task Messages_OfAnotherHospitalsRegistration_Are404ForAnIntegrationKey()
    {
        var meeting = await CreateOpenMeetingAsync();
        var registration = await SignUpAsync(meeting, "online", Email());
        var integration = await ClientForRoleAsync("integration", await CreateHospitalAsync());

        await ExpectProblem(await integration.GetAsync($"/registrations/{Id(registration)}/messages"), HttpStatusCode.NotFound, "not_found");
    }

    [Test]
    public async Task ResendLink_ForAnActiveRegistration_MailsAWorkingLink()
    {
        var meeting = await CreateOpenMeetingAsync();
        var email = Email();
        var registration = await SignUpAsync(meeting, "online", email);
        await Smtp.WaitForAsync(email);

        var response = await Anonymous.PostAsJsonAsync($"/meetings/{meeting}/registrations/resend-link", new { email = email.ToUpperInvariant() });
        await Expect(response, HttpStatusCode.Accepted);

        var mail = (await Smtp.WaitForAsync(email, 2)).Last();
        var (id, token) = ManageLink(mail);
        Assert.Multiple(() =>
        {
            Assert.That(mail.Message.Subject, Does.StartWith("您的报名管理链接："));
            Assert.That(id, Is.EqualTo(Id(registration)));
        });
        await Expect(await Anonymous.GetAsync($"/registrations/{id}?token={token}"), HttpStatusCode.OK);
    }

    [Test]
    public async Task ResendLink_ForAnUnknownAddress_AnswersTheSameAndMailsNobody()
    {
        var meeting = await CreateOpenMeetingAsync();
        var known = Email();
        await SignUpAsync(meeting, "online", known);
        await Smtp.WaitForAsync(known);
        var unknown = Email();

        var a = await Anonymous.PostAsJsonAsync($"/meetings/{meeting}/registrations/resend-link", new { email = known });
        var b = await Anonymous.PostAsJsonAsync($"/meetings/{meeting}/registrations/resend-link", new { email = unknown });
        await Smtp.WaitForAsync(known, 2);

        Assert.Multiple(async () =>
        {
            Assert.That(a.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(b.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(await b.Content.ReadAsStringAsync(), Is.EqualTo(await a.Content.ReadAsStringAsync()));
            Assert.That(Smtp.To(unknown), Is.Empty);
        });
    }

    [Test]
    public async Task ResendLink_BeyondThePerEmailBudget_MailsNoMore()
    {
        var meeting = await CreateOpenMeetingAsync();
        var email = Email();
        var registration = await SignUpAsync(meeting, "online", email);
        for (var i = 0; i < 5; i++)
        {
            await Expect(await Anonymous.PostAsJsonAsync($"/meetings/{meeting}/registrations/resend-link", new { email }), HttpStatusCode.Accepted);
        }

        var items = (await MessagesAsync(Id(registration)))["items"]!.AsArray();
        Assert.That(items.Count(i => i!["kind"]!.GetValue<string>() == "manage_link"), Is.EqualTo(3));
    }

    [Test]
    public async Task ResendLink_WithoutAnEmail_Is400()
    {
        var meeting = await CreateOpenMeetingAsync();

        var response = await Anonymous.PostAsJsonAsync($"/meetings/{meeting}/registrations/resend-link", new { });
        var problem = await ExpectProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!["email"], Is.Not.Null);
    }
}
