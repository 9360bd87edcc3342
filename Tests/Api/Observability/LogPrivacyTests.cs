using EventScheduler.Tests.Api.Cme;
using EventScheduler.Tests.Api.Email;
using EventScheduler.Tests.Api.Integration;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace EventScheduler.Tests.Api.Observability;

/// <summary>Issue 16 item 3: the log of a whole flow (sign-up, mail, webhook, join, check-in, certificate, key
/// management) at Debug level carries none of the attendees' contact data, tokens, keys, secrets or stream URLs; the
/// privileged actions leave audit lines naming key ids; every line of a request carries its W3C trace id.</summary>
public sealed class LogPrivacyTests : CmeTestBase
{
    private readonly CapturedLog _log = new();
    private readonly SmtpTestServer _smtp = new SmtpTestServer().Start();
    private WebhookReceiver _receiver = null!;

    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?>(MailTestBase.SmtpSettings(_smtp.Port))
        .Concat(IntegrationTestBase.FastWebhooks)
        .Append(new("Logging:LogLevel:Default", "Debug"))
        .Append(new("Logging:LogLevel:Microsoft", "Debug"))
        .Append(new("Logging:LogLevel:Microsoft.AspNetCore", "Debug"))
        .Append(new("Logging:LogLevel:System", "Debug"))
        .ToDictionary(p => p.Key, p => p.Value);

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(_log);

    [OneTimeSetUp]
    public async Task StartReceiver() => _receiver = await WebhookReceiver.StartAsync();

    [OneTimeTearDown]
    public async Task StopServers()
    {
        await _receiver.DisposeAsync();
        _smtp.Dispose();
    }

    [Test]
    public async Task Log_OfAWholeFlow_HoldsNoContactDataTokensKeysOrStreamUrls()
    {
        var secrets = new List<(string What, string Value)>
        {
            ("admin key", ApiFactory.AdminKey),
            ("organiser key", KeyOf(Organiser)),
            ("check-in key", KeyOf(Door)),
        };
        var webhook = await Admin.PostAsJsonAsync("/webhooks", new { url = _receiver.Url + "/hooks/privacy", eventTypes = new[] { "registration.*" } });
        await Expect(webhook, HttpStatusCode.Created);
        secrets.Add(("webhook secret", (await Json(webhook))["secret"]!.GetValue<string>()));

        var streamUrl = $"https://live.example.org/{Guid.NewGuid():N}?auth=stream-{Guid.NewGuid():N}";
        var meeting = await CreateMeetingWithStreamAsync(streamUrl);
        secrets.Add(("stream URL", streamUrl));
        var inPerson = await SignUpAsync(meeting.Id, "in_person", secrets);
        var online = await SignUpAsync(meeting.Id, "online", secrets);
        secrets.Add(("check-in code", inPerson["checkInCode"]!.GetValue<string>()));

        // Mail and webhooks went out (their workers log as they send).
        foreach (var email in secrets.Where(s => s.What == "e-mail").Select(s => s.Value).ToList())
        {
            var mail = (await _smtp.WaitForAsync(email))[0];
            var link = System.Text.RegularExpressions.Regex.Match(mail.Text, @"token=(rml_[A-Za-z0-9_-]+)");
            Assert.That(link.Success, Is.True, "the mail has a manage link");
            secrets.Add(("manage link token", link.Groups[1].Value));
        }

        await WaitUntilAsync(() => _receiver.Received.Count(r => r.Path == "/hooks/privacy" && r.Status == 200) >= 2, "webhooks delivered");

        // The meeting runs: the online attendee joins and watches, the in-person one is checked in.
        SetNow(meeting.Start.AddMinutes(-10));
        await Expect(await CheckInAsync(meeting.Id, inPerson), HttpStatusCode.OK);
        SetNow(meeting.Start.AddMinutes(1));
        using (var noRedirects = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false }))
        {
            var join = await noRedirects.GetAsync($"/j/{Id(online)}?token={Uri.EscapeDataString(Token(online))}");
            Assert.That((int)join.StatusCode, Is.EqualTo(302), "the join link redirects to the stream");
        }

        await Expect(await HeartbeatAsync(online), HttpStatusCode.NoContent);

        // Certificates after the meeting, one downloaded and one revoked.
        SetNow(meeting.Start.AddHours(9));
        await Expect(await Organiser.PostAsync($"/meetings/{meeting.Id}/complete", null), HttpStatusCode.OK);
        var issued = await Organiser.PostAsync($"/meetings/{meeting.Id}/certificates", null);
        await Expect(issued, HttpStatusCode.OK);
        var certificate = (await Json(issued))["issued"]![0]!;
        var serial = certificate["serial"]!.GetValue<string>();
        await Expect(await WithTokenAsync(HttpMethod.Get, $"/certificates/{serial}.pdf", Token(inPerson)), HttpStatusCode.OK);
        await Expect(await Organiser.PostAsJsonAsync($"/certificates/{serial}/revoke", new { reason = "Issued to the wrong registration" }), HttpStatusCode.OK);

        // A key created and revoked.
        var created = await Admin.PostAsJsonAsync("/api-keys", new { name = "Portal", role = "organiser" });
        await Expect(created, HttpStatusCode.Created);
        var key = await Json(created);
        secrets.Add(("created key", key["key"]!.GetValue<string>()));
        await Expect(await Admin.DeleteAsync($"/api-keys/{key["id"]!.GetValue<string>()}"), HttpStatusCode.NoContent);

        var lines = _log.Entries.Select(e => e.ToJson()).ToList();
        Assert.That(lines, Has.Count.GreaterThan(100), "the log was captured at Debug level");
        var leaks = secrets
            .Select(s => (s.What, Line: lines.FirstOrDefault(l => l.Contains(s.Value, StringComparison.OrdinalIgnoreCase)
                                                             || l.Contains(JsonEncodedText.Encode(s.Value).ToString(), StringComparison.OrdinalIgnoreCase))))
            .Where(l => l.Line is not null)
            .Select(l => $"the {l.What} in: {l.Line}")
            .ToList();
        Assert.That(leaks, Is.Empty);
    }

    [Test]
    public async Task Audit_WhenAKeyIsCreatedAndRevoked_LogsBothNamingTheKeyIdsNotTheSecret()
    {
        var created = await Admin.PostAsJsonAsync("/api-keys", new { name = "Audited", role = "check_in" });
        await Expect(created, HttpStatusCode.Created);
        var key = await Json(created);
        var id = key["id"]!.GetValue<string>();
        await Expect(await Admin.DeleteAsync($"/api-keys/{id}"), HttpStatusCode.NoContent);

        var audit = _log.Entries.Where(e => e.Category == "EventScheduler.Audit" && e.State.GetValueOrDefault("AuditKeyId") == id).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(audit.Select(e => e.EventName), Is.EqualTo(new[] { "ApiKeyCreated", "ApiKeyRevoked" }));
            Assert.That(audit.Select(e => e.State["AuditActorKeyId"]), Is.All.EqualTo("bootstrap"), "the acting key, by id");
            Assert.That(audit.Select(e => e.ToJson()), Has.None.Contains(key["key"]!.GetValue<string>()));
        });
    }

    [Test]
    public async Task Log_OfAFailedRequest_CarriesTheTraceIdOfItsProblemBody()
    {
        var problem = await ExpectProblem(await Organiser.GetAsync($"/meetings/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "not_found");
        var traceId = problem["traceId"]!.GetValue<string>();

        Assert.Multiple(() =>
        {
            Assert.That(traceId, Does.Match("^[0-9a-f]{32}$"), "a W3C trace id");
            Assert.That(_log.Entries.Where(e => e.Scopes.GetValueOrDefault("TraceId") == traceId).Select(e => e.Category),
                Does.Contain("Microsoft.AspNetCore.Hosting.Diagnostics").Or.Contain("EventScheduler.Api.Observability.RequestLog"),
                "the request's own log lines carry the same id");
        });
    }

    private static string KeyOf(HttpClient client) => client.DefaultRequestHeaders.GetValues("X-Api-Key").Single();

    private async Task<JsonNode> SignUpAsync(Guid meeting, string mode, List<(string What, string Value)> secrets)
    {
        var email = $"{Guid.NewGuid():N}@privacy.example.cn";
        var phone = $"+86 139 {Random.Shared.Next(1000, 9999)} {Random.Shared.Next(1000, 9999)}";
        var body = SignUpBody(mode, email);
        body["phone"] = phone;
        var response = await PostSignUpAsync(Anonymous, meeting, body);
        await Expect(response, HttpStatusCode.Created);
        var registration = await Json(response);
        secrets.Add(("e-mail", email));
        secrets.Add(("phone", phone));
        secrets.Add(("phone digits", phone.Replace(" ", "", StringComparison.Ordinal)[3..]));
        secrets.Add(("registration token", Token(registration)));
        return registration;
    }

    private async Task<CmeMeeting> CreateMeetingWithStreamAsync(string streamUrl)
    {
        var host = await CreateHospitalAsync();
        var body = MeetingBody(host);
        body["stream"] = new JsonObject { ["platform"] = "Alliance live", ["url"] = streamUrl };
        var id = (await CreateMeetingAsync(body))["id"]!.GetValue<Guid>();
        var start = DateTimeOffset.Parse(body["startsAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var slot = await Organiser.PostAsJsonAsync($"/meetings/{id}/slots",
            new { kind = "lecture", title = "Key points of laparoscopic liver surgery", startsAt = start.ToString("O"), endsAt = start.AddHours(8).ToString("O") });
        await Expect(slot, HttpStatusCode.Created);
        await Expect(await Organiser.PutAsJsonAsync($"/meetings/{id}/accreditation", AccreditationBody(1)), HttpStatusCode.OK);
        await Expect(await Organiser.PostAsync($"/meetings/{id}/publish", null), HttpStatusCode.OK);
        return new CmeMeeting(id, start, Guid.Empty, Guid.Empty, Guid.Empty, host);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                Assert.Fail($"Never happened: {what}.");
            }

            await Task.Delay(50);
        }
    }
}
