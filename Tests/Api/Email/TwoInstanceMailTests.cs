using EventScheduler.Tests.Api.Durability;
using Microsoft.Data.Sqlite;
using MimeKit;

namespace EventScheduler.Tests.Api.Email;

/// <summary>Issue 12, item 1 and 3: two real Api processes on one database file, started together on a new file.
/// Instance A sends through the SMTP test server, instance B writes .eml files into a folder of its own, so where a
/// mail arrives says which instance claimed, rendered (and so minted its manage link) and delivered it. Claims live
/// in the database and the key ring too, so no message goes out twice and a link minted on one opens on the other.</summary>
[NonParallelizable]
public sealed class TwoInstanceMailTests
{
    private const int SignUps = 40;
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(90);

    [Test]
    public async Task SignUpMails_WhenTwoInstancesShareTheDatabase_AreEachDeliveredOnce()
    {
        using var processes = new MailProcesses();
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
        await MailProcesses.UntilAsync(() => Task.FromResult(Confirmations(processes, registrations).Count(r => r.State == "sent") == SignUps),
            DeliveryTimeout, () => "every confirmation sent: " + string.Join(", ", Confirmations(processes, registrations)));

        var files = PickedUp(processes);
        var perAddress = emails.Select(e => (Smtp: smtp.To(e).Count, Files: files.Count(f => Addressed(f, e)))).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(perAddress.Select(p => p.Smtp + p.Files), Is.All.EqualTo(1), "each confirmation delivered exactly once, by one instance");
            Assert.That(Confirmations(processes, registrations), Has.Count.EqualTo(SignUps), "one outbox row per sign-up");
            Assert.That(KeyCount(processes), Is.EqualTo(1), "one key ring for both instances, though they started together on a new file");
        });
    }

    [Test]
    public async Task ManageLink_WhenMintedOnOneInstance_OpensOnTheOther()
    {
        using var processes = new MailProcesses();
        using var smtp = new SmtpTestServer().Start();
        // Neither worker polls on its own (an hour apart): each sends only when a sign-up of its own process wakes it,
        // so which instance mints a link is decided by where the sign-up went, not by which poll comes first (under
        // load the other instance's poll, or this one deferring while its writer is busy, used to take A's mails).
        var (a, b) = await StartBothAsync(processes, smtp, pollInterval: TimeSpan.FromHours(1));
        var meeting = await processes.CreateMeetingAsync(a, DateTimeOffset.UtcNow.AddDays(30));
        using var onA = MailProcesses.Client(a);
        using var onB = MailProcesses.Client(b);

        var byA = await MintedByAsync(processes, () => smtp.Received, onA, meeting, "A");
        var byB = await MintedByAsync(processes, () => PickedUp(processes), onB, meeting, "B");

        var (idA, tokenA) = MailTestBase.ManageLink(byA.Mail);
        var (idB, tokenB) = MailTestBase.ManageLink(byB.Mail);
        var openedOnB = await MailProcesses.ExpectJsonAsync(await onB.GetAsync($"/registrations/{idA}?token={tokenA}"), HttpStatusCode.OK);
        var openedOnA = await MailProcesses.ExpectJsonAsync(await onA.GetAsync($"/registrations/{idB}?token={tokenB}"), HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(openedOnB["id"]!.GetValue<Guid>(), Is.EqualTo(byA.Registration), "A's link opens its registration on B");
            Assert.That(openedOnA["id"]!.GetValue<Guid>(), Is.EqualTo(byB.Registration), "B's link opens its registration on A");
        });
    }

    /// <summary>Both processes at once on the new file: migrations and the first key race, as on a real first start.</summary>
    private static async Task<(ApiProcess A, ApiProcess B)> StartBothAsync(MailProcesses processes, SmtpTestServer smtp, TimeSpan? pollInterval = null)
    {
        var sending = MailProcesses.SmtpSettings(smtp.Port);
        if (pollInterval is { } poll)
        {
            sending["Email:PollInterval"] = poll.ToString("c");
        }

        var pickup = new Dictionary<string, string?>(sending)
        {
            ["Email:Smtp:Host"] = "",
            ["Email:PickupDirectory"] = processes.Folder("pickup"),
        };
        var started = await Task.WhenAll(processes.StartAsync(sending), processes.StartAsync(pickup));
        return (started[0], started[1]);
    }

    /// <summary>Signs up on <paramref name="client"/> until one of those sign-ups' confirmations, once sent by either
    /// instance, is found in <paramref name="delivered"/> (the SMTP server's or the folder's mail).</summary>
    private static async Task<(Guid Registration, ReceivedMail Mail)> MintedByAsync(MailProcesses processes,
        Func<IReadOnlyList<ReceivedMail>> delivered, HttpClient client, Guid meeting, string tag)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var email = $"link-{tag}-{attempt}-{Guid.NewGuid():N}@hospital.example.cn";
            var registration = await MailProcesses.SignUpAsync(client, meeting, email);
            await MailProcesses.UntilAsync(() => Task.FromResult(Confirmations(processes, [registration]).Any(r => r.State == "sent")),
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

    private static List<OutboxRow> Confirmations(MailProcesses processes, IReadOnlyCollection<Guid> registrations) =>
        processes.Outbox().Where(r => registrations.Contains(r.RegistrationId)).ToList();

    private static long KeyCount(MailProcesses processes)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = processes.DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM data_protection_keys";
        return (long)command.ExecuteScalar()!;
    }
}
