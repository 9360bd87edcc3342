using EventScheduler.Api.Auth;
using EventScheduler.Api.Registrations;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EventScheduler.Tests.Pages;

/// <summary>The manage page's links, without a browser (plain HTTP reads the HTML): the personal join link
/// instead of the stream URL, only while the stream is on; the mails' link tokens open the page too.</summary>
public sealed class ManageLinkTests : EventScheduler.Tests.Api.ApiTestBase
{
    private const string StreamUrl = "https://live.example.org/hanzhong";

    private sealed record Online(Guid MeetingId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, Guid Id, string Token);

    private async Task<Online> SignedUpOnlineAsync()
    {
        var body = MeetingBody(await CreateHospitalAsync());
        var meeting = await CreatePublishedMeetingAsync(body);
        var response = await Anonymous.PostAsJsonAsync($"/meetings/{meeting}/registrations", new
        {
            fullName = "Zhang Wei", email = $"{Guid.NewGuid():N}@example.cn", hospitalName = "Ankang Central Hospital",
            jobTitle = "Attending surgeon", specialty = "Hepatobiliary surgery", mode = "online",
        });
        await Expect(response, HttpStatusCode.Created);
        var created = await Json(response);
        static DateTimeOffset At(JsonObject b, string name) =>
            DateTimeOffset.Parse(b[name]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        return new Online(meeting, At(body, "startsAt"), At(body, "endsAt"), created["id"]!.GetValue<Guid>(), created["manageToken"]!.GetValue<string>());
    }

    private void SetNow(DateTimeOffset instant) => Factory.Clock.Advance(instant - Factory.Clock.GetUtcNow());

    private async Task<string> ManagePageAsync(Guid id, string token)
    {
        var response = await Anonymous.GetAsync($"/r/{id}?token={Uri.EscapeDataString(token)}&lang=en");
        await Expect(response, HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    private static string JoinHref(Online r, string token) => $"href=\"/j/{r.Id}?token={Uri.EscapeDataString(token)}\"";

    private string LinkToken(Guid id, string manageToken, TimeSpan? lifetime = null) =>
        Factory.Services.GetRequiredService<RegistrationLinks>().Mint(id, ManageToken.Hash(manageToken), lifetime ?? TimeSpan.FromDays(30));

    [Test]
    public async Task Manage_WhenTheStreamOpensSoon_GivesThePersonalJoinLinkAndNotTheStreamUrl()
    {
        var r = await SignedUpOnlineAsync();
        SetNow(r.StartsAt.AddMinutes(-20));

        var html = await ManagePageAsync(r.Id, r.Token);

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("id=\"stream-link\""));
            Assert.That(html, Does.Contain(JoinHref(r, r.Token)));
            Assert.That(html, Does.Not.Contain(StreamUrl));
        });
    }

    [Test]
    public async Task JoinLinkFromTheManagePage_WhenFollowed_RedirectsToTheStream()
    {
        var r = await SignedUpOnlineAsync();
        SetNow(r.StartsAt.AddMinutes(5));
        var html = await ManagePageAsync(r.Id, r.Token);
        var href = System.Text.RegularExpressions.Regex.Match(html, "id=\"stream-link\" href=\"([^\"]+)\"").Groups[1].Value;
        Assert.That(href, Does.StartWith($"/j/{r.Id}?token="));

        using var noRedirects = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var join = await noRedirects.GetAsync(System.Net.WebUtility.HtmlDecode(href));

        Assert.That(join.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(join.Headers.Location?.ToString(), Is.EqualTo(StreamUrl));
    }

    [Test]
    public async Task Manage_BeforeTheStreamOpens_SaysWhenAndGivesNoLink()
    {
        var r = await SignedUpOnlineAsync();
        SetNow(r.StartsAt.AddMinutes(-31));

        var html = await ManagePageAsync(r.Id, r.Token);

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("The stream link appears here from 30 minutes before the meeting starts."));
            Assert.That(html, Does.Not.Contain("/j/"));
            Assert.That(html, Does.Not.Contain(StreamUrl));
        });
    }

    [Test]
    public async Task Manage_AfterTheMeetingEnded_SaysTheStreamIsOverAndGivesNoLink()
    {
        var r = await SignedUpOnlineAsync();
        SetNow(r.EndsAt);

        var html = await ManagePageAsync(r.Id, r.Token);

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("The meeting has ended; the live stream is over."));
            Assert.That(html, Does.Not.Contain("/j/"));
        });
    }

    [Test]
    public async Task Manage_WithTheMailsLinkToken_ShowsTheRegistrationAndJoinLinkWithThatToken()
    {
        var r = await SignedUpOnlineAsync();
        var link = LinkToken(r.Id, r.Token);
        SetNow(r.StartsAt);

        var html = await ManagePageAsync(r.Id, link);

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("id=\"registration-status\">Confirmed<"));
            Assert.That(html, Does.Contain(JoinHref(r, link)));
        });
    }

    [Test]
    public async Task Manage_CancelWithTheMailsLinkToken_CancelsTheRegistration()
    {
        var r = await SignedUpOnlineAsync();
        var link = LinkToken(r.Id, r.Token);
        // A client of its own: the anti-forgery cookie belongs with the token the form carries.
        using var browser = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var form = await (await browser.GetAsync($"/r/{r.Id}?token={Uri.EscapeDataString(link)}&step=cancel")).Content.ReadAsStringAsync();
        var antiforgery = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.That(antiforgery, Is.Not.Empty);

        var posted = await browser.PostAsync($"/r/{r.Id}?handler=cancel", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = link, ["__RequestVerificationToken"] = antiforgery,
        }));

        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var read = await Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/registrations/{r.Id}") { Headers = { { "X-Registration-Token", r.Token } } });
        Assert.That((await Json(read))["status"]!.GetValue<string>(), Is.EqualTo("cancelled"));
    }

    [Test]
    public async Task Manage_WithALinkTokenOfAnotherRegistration_AnswersNotFound()
    {
        var r = await SignedUpOnlineAsync();
        var other = await SignedUpOnlineAsync();

        var response = await Anonymous.GetAsync($"/r/{r.Id}?token={Uri.EscapeDataString(LinkToken(other.Id, other.Token))}&lang=en");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain("registration-status"));
    }

    [Test]
    public async Task Manage_WithAForgedLinkToken_AnswersNotFound()
    {
        var r = await SignedUpOnlineAsync();

        var response = await Anonymous.GetAsync($"/r/{r.Id}?token=rml_{new string('A', 120)}&lang=en");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
    }
}
