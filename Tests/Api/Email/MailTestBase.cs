using EventScheduler.Tests.Api.Registrations;
using MimeKit;

namespace EventScheduler.Tests.Api.Email;

/// <summary>The application with its mail worker sending to a real SMTP server in the test process.</summary>
public abstract class MailTestBase : RegistrationTestBase
{
    public const string PublicBaseUrl = "https://meetings.alliance.example.cn";

    protected SmtpTestServer Smtp { get; } = new SmtpTestServer().Start();

    protected override IDictionary<string, string?>? Settings => SmtpSettings(Smtp.Port);

    public static Dictionary<string, string?> SmtpSettings(int port) => new()
    {
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Smtp:Timeout"] = "00:00:05",
        ["Email:From"] = "联盟会务组 <noreply@alliance.example.cn>",
        ["Email:RetryBaseDelay"] = "00:00:00.200",
        ["Email:RetryMaxDelay"] = "00:00:01",
        ["Email:PollInterval"] = "00:00:00.100",
        ["PublicBaseUrl"] = PublicBaseUrl,
    };

    [OneTimeTearDown]
    public void StopSmtp() => Smtp.Dispose();

    protected static string Email() => $"{Guid.NewGuid():N}@hospital.example.cn";

    protected async Task<JsonNode> SignUpAsync(Guid meetingId, JsonObject body)
    {
        var response = await PostSignUpAsync(Anonymous, meetingId, body);
        await Expect(response, HttpStatusCode.Created);
        return await Json(response);
    }

    protected static MimePart? Attachment(ReceivedMail mail, string mediaType) =>
        mail.Message.BodyParts.OfType<MimePart>().FirstOrDefault(p => p.IsAttachment && p.ContentType.MimeType == mediaType);

    protected static byte[] Bytes(MimePart part)
    {
        using var stream = new MemoryStream();
        part.Content!.DecodeTo(stream);
        return stream.ToArray();
    }

    /// <summary>The registration id and link token of the manage link in a mail's plain-text part.</summary>
    public static (Guid Id, string Token) ManageLink(ReceivedMail mail)
    {
        var match = System.Text.RegularExpressions.Regex.Match(mail.Text, PublicBaseUrl.Replace(".", "\\.", StringComparison.Ordinal) + @"/r/([0-9a-f-]{36})\?token=(rml_[A-Za-z0-9_-]+)");
        Assert.That(match.Success, Is.True, "a manage link in the text part: " + mail.Text);
        return (Guid.Parse(match.Groups[1].Value), match.Groups[2].Value);
    }

    protected async Task<JsonNode> MessagesAsync(Guid registrationId)
    {
        var response = await Organiser.GetAsync($"/registrations/{registrationId}/messages");
        await Expect(response, HttpStatusCode.OK);
        return await Json(response);
    }

    /// <summary>Waits until the registration's messages satisfy <paramref name="condition"/> (polling with a deadline).</summary>
    protected async Task<JsonArray> WaitForMessagesAsync(Guid registrationId, Func<JsonArray, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var items = (await MessagesAsync(registrationId))["items"]!.AsArray();
            if (condition(items))
            {
                return items;
            }

            if (deadline.Elapsed > (timeout ?? TimeSpan.FromSeconds(30)))
            {
                Assert.Fail($"Messages of {registrationId} never met the condition: {items.ToJsonString()}");
            }

            await Task.Delay(50);
        }
    }
}
