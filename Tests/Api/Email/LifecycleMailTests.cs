using Ical.Net;

namespace EventScheduler.Tests.Api.Email;

/// <summary>What attendees hear when their registration or the meeting changes.</summary>
public sealed class LifecycleMailTests : MailTestBase
{
    [Test]
    public async Task Cancel_OfAConfirmedSeat_MailsTheFirstWaitingAttendeeTheirPromotion()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 1);
        var first = Email();
        var waiting = Email();
        var holder = await SignUpAsync(meeting, "in_person", first);
        await SignUpAsync(meeting, "in_person", waiting);

        await Expect(await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(holder)}/cancel", Token(holder)), HttpStatusCode.OK);

        // The waiting-list mail may have been skipped: by the time its turn came, she was no longer waiting.
        var promoted = (await Smtp.WaitForAsync(waiting, 1, m => m.Message.Subject!.StartsWith("候补转正：", StringComparison.Ordinal))).Single();
        var cancelled = (await Smtp.WaitForAsync(first, 1, m => m.Message.Subject!.StartsWith("已取消报名：", StringComparison.Ordinal))).Single();
        var code = QrDecoder.Decode(Bytes(promoted.Message.BodyParts.OfType<MimeKit.MimePart>().Single(p => p.ContentId == "check-in-qr")));
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Not.Null.And.Length.EqualTo(10));
            Assert.That(promoted.Text, Does.Contain(code!));
            Assert.That(cancelled.Message.BodyParts.OfType<MimeKit.MimePart>().Any(p => p.ContentId == "check-in-qr"), Is.False, "no ticket in a cancellation");
        });
    }

    [Test]
    public async Task SwitchMode_ToOnline_MailsTheNewMode()
    {
        var meeting = await CreateOpenMeetingAsync();
        var email = Email();
        var registration = await SignUpAsync(meeting, "in_person", email);

        await Expect(await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(registration)}/switch-mode", Token(registration), new { mode = "online" }), HttpStatusCode.OK);

        var mail = (await Smtp.WaitForAsync(email, 2)).Last();
        Assert.Multiple(() =>
        {
            Assert.That(mail.Message.Subject, Does.StartWith("参会方式已更新："));
            Assert.That(mail.Text, Does.Contain("您的参会方式现为线上参会"));
        });
    }

    [Test]
    public async Task Cancel_ByAnOrganiser_MailsThatTheOrganisersCancelled()
    {
        var meeting = await CreateOpenMeetingAsync();
        var email = Email();
        var registration = await SignUpAsync(meeting, "in_person", email);

        await Expect(await Organiser.PostAsync($"/registrations/{Id(registration)}/cancel", null), HttpStatusCode.OK);

        var mail = (await Smtp.WaitForAsync(email, 2)).Last();
        Assert.That(mail.Message.Subject, Does.StartWith("您的报名已被取消："));
    }

    [Test]
    public async Task MeetingCancel_MailsEveryActiveRegistrantAndNoCancelledOne()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 1);
        var confirmed = Email();
        var waiting = Email();
        var gone = Email();
        await SignUpAsync(meeting, "in_person", confirmed);
        await SignUpAsync(meeting, "in_person", waiting);
        var left = await SignUpAsync(meeting, "online", gone);
        await Expect(await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(left)}/cancel", Token(left)), HttpStatusCode.OK);
        await Smtp.WaitForAsync(gone, 2);

        await Expect(await Organiser.PostAsJsonAsync($"/meetings/{meeting}/cancel", new { reason = "场馆临时检修" }), HttpStatusCode.OK);

        var a = (await Smtp.WaitForAsync(confirmed, 2)).Last();
        var b = (await Smtp.WaitForAsync(waiting, 2)).Last();
        var ics = Calendar.Load(System.Text.Encoding.UTF8.GetString(Bytes(Attachment(a, "text/calendar")!)));
        Assert.Multiple(() =>
        {
            Assert.That(a.Message.Subject, Does.StartWith("会议取消通知："));
            Assert.That(a.Text, Does.Contain("场馆临时检修"));
            Assert.That(b.Message.Subject, Does.StartWith("会议取消通知："));
            Assert.That(ics!.Events.Single(e => e.Uid == $"meeting-{meeting}@eventscheduler").Status, Is.EqualTo("CANCELLED"));
            Assert.That(Smtp.To(gone), Has.Count.EqualTo(2), "a cancelled registration is not told again");
        });
    }

    [Test]
    public async Task MeetingMove_AfterPublication_MailsTheNewTimeWithAnUpdatedCalendar()
    {
        var meeting = await CreateOpenMeetingAsync();
        var email = Email();
        await SignUpAsync(meeting, "in_person", email);
        var current = await Json(await Organiser.GetAsync($"/meetings/{meeting}"));
        var newStart = current["startsAt"]!.GetValue<DateTimeOffset>().AddDays(1);
        var newEnd = current["endsAt"]!.GetValue<DateTimeOffset>().AddDays(1);

        var patch = await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{meeting}", new { startsAt = newStart, endsAt = newEnd });
        await Expect(patch, HttpStatusCode.OK);

        var mail = (await Smtp.WaitForAsync(email, 2)).Last();
        var ics = Calendar.Load(System.Text.Encoding.UTF8.GetString(Bytes(Attachment(mail, "text/calendar")!)));
        var evt = ics!.Events.Single(e => e.Uid == $"meeting-{meeting}@eventscheduler");
        Assert.Multiple(() =>
        {
            Assert.That(mail.Message.Subject, Does.StartWith("会议信息变更："));
            Assert.That(mail.Text, Does.Contain("原定时间"));
            Assert.That(evt.DtStart!.AsUtc, Is.EqualTo(newStart.UtcDateTime));
            Assert.That(evt.Sequence, Is.GreaterThan(0));
        });
    }

    [Test]
    public async Task MeetingEdit_OfTheTitleOnly_MailsNobody()
    {
        var meeting = await CreateOpenMeetingAsync();
        var email = Email();
        var registration = await SignUpAsync(meeting, "in_person", email);
        await Smtp.WaitForAsync(email);

        await Expect(await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{meeting}", new { title = Unique("Renamed") }), HttpStatusCode.OK);

        // The messages list is the outbox itself: nothing was recorded for the edit.
        var items = (await MessagesAsync(Id(registration)))["items"]!.AsArray();
        Assert.That(items.Select(i => i!["kind"]!.GetValue<string>()), Is.EqualTo(new[] { "registration_confirmed" }));
    }

    [Test]
    public async Task SignUp_InsideTheReminderLeadTime_MailsTheReminderAtOnceWithThePersonalJoinLink()
    {
        var body = MeetingBody(await CreateHospitalAsync());
        var start = Factory.Clock.GetUtcNow().AddHours(6);
        body["startsAt"] = start.ToString("O");
        body["endsAt"] = start.AddHours(8).ToString("O");
        var meeting = await CreatePublishedMeetingAsync(body);
        var email = Email();
        await SignUpAsync(meeting, "online", email);

        var reminder = (await Smtp.WaitForAsync(email, 1, m => m.Message.Subject!.StartsWith("会议提醒：", StringComparison.Ordinal))).Single();
        var confirmation = Smtp.To(email).Single(m => m.Message.Subject!.StartsWith("报名成功：", StringComparison.Ordinal));
        var join = System.Text.RegularExpressions.Regex.Match(reminder.Text, PublicBaseUrl.Replace(".", "\\.", StringComparison.Ordinal) + @"(/j/[0-9a-f-]{36}\?token=rml_[A-Za-z0-9_-]+)");
        Assert.That(join.Success, Is.True, "a personal join link in the reminder: " + reminder.Text);
        // Six hours ahead the join window (30 minutes before the start) is not open yet; the link's token is accepted.
        var opened = await Anonymous.GetAsync(join.Groups[1].Value);
        await ExpectProblem(opened, HttpStatusCode.Conflict, "join_not_open_yet");
        Assert.That(confirmation.Text + confirmation.Html + reminder.Text + reminder.Html, Does.Not.Contain("live.example.org"));
    }

    [Test]
    public async Task Reminder_WhenTheLeadTimeArrives_GoesToConfirmedAttendeesOnly()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 1);
        var confirmed = Email();
        var waiting = Email();
        await SignUpAsync(meeting, "in_person", confirmed);
        await SignUpAsync(meeting, "in_person", waiting);
        await Smtp.WaitForAsync(confirmed);
        await Smtp.WaitForAsync(waiting);
        var start = (await Json(await Organiser.GetAsync($"/meetings/{meeting}")))["startsAt"]!.GetValue<DateTimeOffset>();

        Factory.Clock.Advance(start - Factory.Clock.GetUtcNow() - TimeSpan.FromHours(23));

        var reminder = (await Smtp.WaitForAsync(confirmed, 2)).Last();
        Assert.Multiple(() =>
        {
            Assert.That(reminder.Message.Subject, Does.StartWith("会议提醒："));
            Assert.That(reminder.Text, Does.Contain("签到码"));
        });
        var waitingMessages = await WaitForMessagesAsync(Id((await Json(await Organiser.GetAsync($"/meetings/{meeting}/registrations?status=waitlisted")))["items"]![0]!),
            items => items.Count >= 1);
        Assert.That(waitingMessages.Select(i => i!["kind"]!.GetValue<string>()), Does.Not.Contain("meeting_reminder"));
    }
}
