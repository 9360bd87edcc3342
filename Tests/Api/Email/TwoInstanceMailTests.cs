using EventScheduler.Tests.Api.Durability;
using MimeKit;

namespace EventScheduler.Tests.Api.Email;

/// <summary>Issue 12, item 1 and 3: two real Api processes on one database (a SQLite file, or a PostgreSQL database:
/// issue 15), started together on a new one.
/// Instance A sends through the SMTP test server, instance B writes .eml files into a folder of its own, so where a
/// mail arrives says which instance claimed, rendered (and so minted its manage link) and delivered it. Claims live
/// in the database and the key ring too, so no message goes out twice and a link minted on one opens on the other.</summary>
[NonParallelizable]
[TestFixtureSource(typeof(StorageProviders), nameof(StorageProviders.Both))]
public sealed class TwoInstanceMailTests(string provider)
{
    private const int SignUps = 40;
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(90);

    [Test]
    public async Task SignUpMails_WhenTwoInstancesShareTheDatabase_AreEachDeliveredOnce()
    {
        using var processes = await MailProcesses.CreateAsync(provider);
        using var smtp = new SmtpTestServer().Start();
        var (a, b) = await StartBothAsync(processes, smtp);
        var meeting = await processes.CreateMeetingAsync(a, DateTimeOffset.UtcNow.AddDays(30));
        var emails = Enumerable.Range(0, SignUps).Select(i => $"two-{i}-{Guid.NewGuid():N}@hospital.example.cn").ToList();

        // Both instances take sign-ups at the same time, so both workers are woken and race for the same rows.
        using var onA = MailProcesses.Client(a);
        using var onB = MailProcesses.Client(b);
        var registrations = await Task.WhenAll(emails.Select((email, i) =>
            MailProcesses.SignUpAsync(i % 2 == 0 ? onA : onB, meeting, email, i % 3 == 0 ? "in_person" : "online")));

        // Each mail reaches the server (or the folder) before its row is marked sent, so once every row is sent
        // every delivery there will ever be has happened.
        await MailProcesses.UntilAsync(() => Task.FromResult(processes.OutboxOf(registrations).Count(r => r.State == "sent") == SignUps),
            DeliveryTimeout, () => "every confirmation sent: " + string.Join(", ", processes.OutboxOf(registrations)));

        var files = PickedUp(processes);
        var perAddress = emails.Select(e => (Smtp: smtp.To(e).Count, Files: files.Count(f => Addressed(f, e)))).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(perAddress.Select(p => p.Smtp + p.Files), Is.All.EqualTo(1), "each confirmation delivered exactly once, by one instance");
            Assert.That(processes.OutboxOf(registrations), Has.Count.EqualTo(SignUps), "one outbox row per sign-up");
            Assert.That(processes.KeyCount(), Is.EqualTo(1), "one key ring for both instances, though they started together on a new database");
        });
    }

    [Test]
    public async Task ManageLink_WhenMintedOnOneInstance_OpensOnTheOther()
    {
        using var processes = await MailProcesses.CreateAsync(provider);
        using var smtp = new SmtpTestServer().Start();
        // Which worker sends a mail (and so mints its link) is whichever polls first, and a sign-up wakes no worker: with
        // both polling, A's mails could all go out through B (it happened under load). So one instance at a time sends:
        // B polls once an hour, A mails first; then A stops and C, a third process, takes over the sending.
        var (a, b) = await StartBothAsync(processes, smtp, pollB: TimeSpan.FromHours(1));
        var meeting = await processes.CreateMeetingAsync(a, DateTimeOffset.UtcNow.AddDays(30));
        using var onB = MailProcesses.Client(b);
        (Guid Registration, ReceivedMail Mail) byA;
        using (var onA = MailProcesses.Client(a))
        {
            byA = await MintedByAsync(processes, () => smtp.Received, onA, meeting, "A");
        }

        a.KillHard(); // MailProcesses disposes it with the others
        var c = await processes.StartAsync(PickupSettings(processes, smtp));
        using var onC = MailProcesses.Client(c);
        var byC = await MintedByAsync(processes, () => PickedUp(processes), onC, meeting, "C");

        var (idA, tokenA) = MailTestBase.ManageLink(byA.Mail);
        var (idC, tokenC) = MailTestBase.ManageLink(byC.Mail);
        var openedOnC = await MailProcesses.ExpectJsonAsync(await onC.GetAsync($"/registrations/{idA}?token={tokenA}"), HttpStatusCode.OK);
        var openedOnB = await MailProcesses.ExpectJsonAsync(await onB.GetAsync($"/registrations/{idC}?token={tokenC}"), HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(openedOnC["id"]!.GetValue<Guid>(), Is.EqualTo(byA.Registration), "A's link opens its registration on C");
            Assert.That(openedOnB["id"]!.GetValue<Guid>(), Is.EqualTo(byC.Registration), "C's link opens its registration on B");
        });
    }

    /// <summary>Both processes at once on the new database: migrations and the first key race, as on a real first start.</summary>
    private static async Task<(ApiProcess A, ApiProcess B)> StartBothAsync(MailProcesses processes, SmtpTestServer smtp, TimeSpan? pollB = null)
    {
        var pickup = PickupSettings(processes, smtp);
        if (pollB is { } poll)
        {
            pickup["Email:PollInterval"] = poll.ToString("c");
        }

        var started = await Task.WhenAll(processes.StartAsync(MailProcesses.SmtpSettings(smtp.Port)), processes.StartAsync(pickup));
        return (started[0], started[1]);
    }

    /// <summary>An instance that writes its mails as .eml files into the test's pickup folder instead of sending them.</summary>
    private static Dictionary<string, string?> PickupSettings(MailProcesses processes, SmtpTestServer smtp) =>
        new(MailProcesses.SmtpSettings(smtp.Port))
        {
            ["Email:Smtp:Host"] = "",
            ["Email:PickupDirectory"] = processes.Folder("pickup"),
        };

    /// <summary>Signs up on <paramref name="client"/> until one of those sign-ups' confirmations, once sent by either
    /// instance, is found in <paramref name="delivered"/> (the SMTP server's or the folder's mail).</summary>
    private static async Task<(Guid Registration, ReceivedMail Mail)> MintedByAsync(MailProcesses processes,
        Func<IReadOnlyList<ReceivedMail>> delivered, HttpClient client, Guid meeting, string tag)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var email = $"link-{tag}-{attempt}-{Guid.NewGuid():N}@hospital.example.cn";
            var registration = await MailProcesses.SignUpAsync(client, meeting, email);
            await MailProcesses.UntilAsync(() => Task.FromResult(processes.OutboxOf([registration]).Any(r => r.State == "sent")),
                DeliveryTimeout, () => email + "'s confirmation sent by either instance");
            var mail = delivered().FirstOrDefault(m => Addressed(m, email));
            if (mail is not null)
            {
                return (registration, mail);
            }
        }

        throw new AssertionException($"Ten sign-ups through instance {tag}, and its worker mailed none of them.");
    }

    private static List<ReceivedMail> PickedUp(MailProcesses processes)
    {
        var folder = processes.Folder("pickup");
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Directory.GetFiles(folder, "*.eml").Select(path =>
        {
            var raw = File.ReadAllBytes(path);
            using var stream = new MemoryStream(raw);
            return new ReceivedMail(MimeMessage.Load(stream), raw);
        }).ToList();
    }

    private static bool Addressed(ReceivedMail mail, string address) =>
        mail.Message.To.Mailboxes.Any(m => string.Equals(m.Address, address, StringComparison.OrdinalIgnoreCase));
}
