namespace EventScheduler.Tests.Api.Email;

/// <summary>Issue 12, item 7: a crash (SIGKILL of the real Api process) after sign-ups committed and before their mails
/// were sent. The SMTP server is not accepting yet, so the worker has tried and failed; the process is killed, the
/// server comes up, the process starts again on the same database (a SQLite file, or a PostgreSQL database: issue 15),
/// and each mail arrives exactly once.</summary>
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
}
