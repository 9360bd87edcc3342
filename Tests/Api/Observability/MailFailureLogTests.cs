using EventScheduler.Tests.Api.Email;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmtpServer.Protocol;

namespace EventScheduler.Tests.Api.Observability;

/// <summary>An SMTP server's refusal quotes the recipient's address; the mail worker's failure log line, the stored
/// last error (the organiser's message list) and the <c>message.failed</c> event keep the reason and lose the address.</summary>
public sealed class MailFailureLogTests : MailTestBase
{
    private readonly CapturedLog _log = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(_log);

    [Test]
    public async Task Failure_WhenTheServersReplyNamesTheAddress_IsLoggedAndStoredWithoutIt()
    {
        var meeting = await CreateOpenMeetingAsync();
        var local = $"zhang.wei.{Guid.NewGuid():N}";
        var email = $"{local}@hospital.example.cn";
        Smtp.RejectRecipient(email, SmtpReplyCode.MailboxUnavailable,
            "5.1.1 <{address}>: Recipient address rejected: User unknown in virtual mailbox table ({address})");

        var registration = await SignUpAsync(meeting, "in_person", email);
        var items = await WaitForMessagesAsync(Id(registration), i => i[0]!["state"]!.GetValue<string>() == "failed");

        var failure = await WaitForLogAsync(e => e.Category.EndsWith("MailWorker", StringComparison.Ordinal) && e.Level == LogLevel.Warning
                                                 && e.Message.Contains("failed", StringComparison.Ordinal));
        var changes = await (await Organiser.GetAsync("/changes?limit=200&entity=message")).Content.ReadAsStringAsync();
        var lastError = items[0]!["lastError"]!.GetValue<string>();
        Assert.Multiple(() =>
        {
            Assert.That(failure.Message, Does.Contain("550").And.Contain("Recipient address rejected").And.Contain("[address]"),
                "the reason is kept: " + failure.ToJson());
            Assert.That(_log.Text, Does.Not.Contain(local), "no log line carries the address");
            Assert.That(lastError, Does.Contain("Recipient address rejected").And.Not.Contain(local));
            Assert.That(changes, Does.Contain("message.failed").And.Contain("Recipient address rejected"));
            Assert.That(changes, Does.Not.Contain(local), "nor does message.failed");
        });
    }

    private async Task<CapturedEntry> WaitForLogAsync(Func<CapturedEntry, bool> match)
    {
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (_log.Entries.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                Assert.Fail("No such log entry: " + _log.Text);
            }

            await Task.Delay(50);
        }
    }
}
