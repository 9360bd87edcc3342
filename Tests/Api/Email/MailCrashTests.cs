namespace EventScheduler.Tests.Api.Email;

/// <summary>Issue 12, item 7: a crash (SIGKILL of the real Api process) on the way from a committed sign-up to its
/// mail, and a restart on the same database (a SQLite file, or a PostgreSQL database: issue 15). Killed before the mails
/// were handed over (the SMTP server is not accepting yet): each arrives exactly once after the restart. Killed while
/// one was being handed over (the server has it and has not answered): nobody knows whether it was delivered, so it
/// is marked failed for the organiser to retry, never sent again by itself.</summary>
[NonParallelizable]
[TestFixtureSource(typeof(StorageProviders), nameof(StorageProviders.Both))]
public sealed class MailCrashTests(string provider)
{
    private const int SignUps = 12;
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(90);

    [Test]
    public async Task SignUpMails_WhenTheProcessIsKilledBeforeTheyAreSent_AreDeliveredOnceAfterTheRestart()
    {
        using var processes = await MailProcesses.CreateAsync(provider);
        using var smtp = new SmtpTestServer(); // Its port is reserved, but nothing listens on it yet.
        var settings = MailProcesses.SmtpSettings(smtp.Port);
        var first = await processes.StartAsync(settings);
        var meeting = await processes.CreateMeetingAsync(first, DateTimeOffset.UtcNow.AddDays(30));
        var emails = Enumerable.Range(0, SignUps).Select(i => $"crash-{i}-{Guid.NewGuid():N}@hospital.example.cn").ToList();
        var registrations = new List<Guid>();
        using (var anonymous = MailProcesses.Client(first))
        {
            foreach (var email in emails)
            {
                registrations.Add(await MailProcesses.SignUpAsync(anonymous, meeting, email, registrations.Count % 2 == 0 ? "online" : "in_person"));
            }
        }

        // Committed, tried at least once, refused by the absent server, still pending: then the kill.
        await MailProcesses.UntilAsync(() => Task.FromResult(processes.OutboxOf(registrations).All(r => r is { State: "pending", Attempts: >= 1 })),
            DeliveryTimeout, () => "every confirmation tried once and pending: " + string.Join(", ", processes.Outbox()));
        first.KillHard();

        var leftBehind = processes.OutboxOf(registrations);
        Assert.Multiple(() =>
        {
            Assert.That(leftBehind, Has.Count.EqualTo(SignUps), "one confirmation per sign-up in the database");
            Assert.That(leftBehind.Select(r => r.State), Is.All.EqualTo("pending"), "nothing handed over before the kill");
            Assert.That(smtp.Received, Is.Empty);
        });

        smtp.Start();
        var second = await processes.StartAsync(settings);
        foreach (var email in emails)
        {
            await smtp.WaitForAsync(email, timeout: DeliveryTimeout);
        }

        await MailProcesses.UntilAsync(() => Task.FromResult(processes.OutboxOf(registrations).All(r => r.State == "sent")), DeliveryTimeout,
            () => "every confirmation marked sent: " + string.Join(", ", processes.Outbox()));

        // A barrier: once a later sign-up's mail is through, the worker has been round again since the last delivery.
        var late = $"crash-late-{Guid.NewGuid():N}@hospital.example.cn";
        using (var anonymous = MailProcesses.Client(second))
        {
            await MailProcesses.SignUpAsync(anonymous, meeting, late);
        }

        await smtp.WaitForAsync(late, timeout: DeliveryTimeout);
        var received = emails.Select(e => smtp.To(e)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(received.Select(r => r.Count), Is.All.EqualTo(1), "each mail exactly once");
            Assert.That(received.Select(r => r[0].Message.MessageId).Distinct().Count(), Is.EqualTo(SignUps), "one Message-ID per message");
            Assert.That(received.Select(r => r[0].Message.Subject), Is.All.StartWith("报名成功："), "the confirmations themselves");
            Assert.That(processes.OutboxOf(registrations).Select(r => r.Attempts), Is.All.GreaterThanOrEqualTo(2),
                "the delivery after the restart is a later attempt of the same row, not a new message");
        });
    }

    [Test]
    public async Task SignUpMail_WhenTheProcessIsKilledWhileHandingItOver_IsMarkedFailedAndSentOnlyWhenRetried()
    {
        using var processes = await MailProcesses.CreateAsync(provider);
        using var smtp = new SmtpTestServer().Start();
        var held = smtp.HoldNext();
        var settings = MailProcesses.SmtpSettings(smtp.Port);
        var first = await processes.StartAsync(settings);
        var meeting = await processes.CreateMeetingAsync(first, DateTimeOffset.UtcNow.AddDays(30));
        var email = $"in-doubt-{Guid.NewGuid():N}@hospital.example.cn";
        Guid registration;
        using (var anonymous = MailProcesses.Client(first))
        {
            registration = await MailProcesses.SignUpAsync(anonymous, meeting, email);
        }

        // The server has the whole message and has not answered: the kill lands inside the hand-over.
        await held.Reached.WaitAsync(DeliveryTimeout);
        first.KillHard();
        var left = processes.OutboxOf([registration]).Single();
        Assert.That((left.State, left.Attempts), Is.EqualTo(("sending", 1L)), "left mid-hand-over by the killed process");

        var second = await processes.StartAsync(settings);
        await MailProcesses.UntilAsync(() => Task.FromResult(processes.OutboxOf([registration]).Single().State == "failed"), DeliveryTimeout,
            () => "the in-doubt message marked failed once its lease ran out: " + string.Join(", ", processes.OutboxOf([registration])));

        // A barrier: once a later sign-up's mail is through, the new process's worker has been round since it marked the row.
        var late = $"in-doubt-late-{Guid.NewGuid():N}@hospital.example.cn";
        using (var anonymous = MailProcesses.Client(second))
        {
            await MailProcesses.SignUpAsync(anonymous, meeting, late);
        }

        await smtp.WaitForAsync(late, timeout: DeliveryTimeout);
        using var organiser = processes.Organiser(second);
        var messages = await organiser.GetFromJsonAsync<JsonObject>($"/registrations/{registration}/messages");
        var message = messages!["items"]!.AsArray().Single()!;
        Assert.Multiple(() =>
        {
            Assert.That(smtp.To(email), Is.Empty, "not sent again by itself");
            Assert.That(message["state"]!.GetValue<string>(), Is.EqualTo("failed"));
            Assert.That(message["attempts"]!.GetValue<int>(), Is.EqualTo(1), "the one hand-over, not a retry");
            Assert.That(message["lastError"]!.GetValue<string>(), Does.Contain("may or may not have been delivered"), "the organiser is told why");
        });

        // The organiser decides: a retry sends it, once.
        var retry = await organiser.PostAsync($"/registrations/{registration}/messages/{message["id"]!.GetValue<long>()}/retry", null);
        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await retry.Content.ReadAsStringAsync());
        await smtp.WaitForAsync(email, timeout: DeliveryTimeout);
        await MailProcesses.UntilAsync(() => Task.FromResult(processes.OutboxOf([registration]).Single().State == "sent"), DeliveryTimeout,
            () => "the retried message marked sent: " + string.Join(", ", processes.OutboxOf([registration])));
        Assert.Multiple(() =>
        {
            Assert.That(smtp.To(email), Has.Count.EqualTo(1));
            Assert.That(processes.OutboxOf([registration]).Single().Attempts, Is.EqualTo(2));
        });
        held.Release();
    }
}
