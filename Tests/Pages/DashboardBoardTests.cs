using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using EventScheduler.Tests.Api.Cme;

namespace EventScheduler.Tests.Pages;

/// <summary>The organiser's dashboard over plain HTTP on a real database: who may see it, what it shows
/// (HTML with inline SVG), and its 304 while nothing changed.</summary>
public sealed partial class DashboardBoardTests : CmeTestBase
{
    private static string BoardUrl(Guid meeting, string lang = "en") => $"/o/m/{meeting}/board?lang={lang}";

    private static async Task<string> HtmlAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        await Expect(response, status);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The text of one element, tags removed and spaces squeezed.</summary>
    private static string Text(string html, string id)
    {
        var match = Regex.Match(html, $"<(\\w+)[^>]*id=\"{Regex.Escape(id)}\"[^>]*>(.*?)</\\1>", RegexOptions.Singleline);
        Assert.That(match.Success, Is.True, $"No element #{id} in:\n{html}");
        return Spaces().Replace(Tags().Replace(match.Groups[2].Value, " "), " ").Trim();
    }

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex("\\s+")]
    private static partial Regex Spaces();

    [Test]
    public async Task Board_WithoutAKey_Answers401PageWithoutTheMeetingsData()
    {
        var meeting = await CreateCmeMeetingAsync();
        var title = (await Json(await Organiser.GetAsync($"/meetings/{meeting.Id}")))["title"]!.GetValue<string>();

        var response = await Anonymous.GetAsync(BoardUrl(meeting.Id));

        var html = await HtmlAsync(response, HttpStatusCode.Unauthorized);
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("Sign in with an organiser key"));
            Assert.That(html, Does.Not.Contain(title));
            Assert.That(html, Does.Not.Contain("<svg"));
            Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
        });
    }

    [TestCase("check_in")]
    [TestCase("integration")]
    public async Task Board_WithAKeyOfAnotherRole_Answers403PageWithoutTheMeetingsData(string role)
    {
        var meeting = await CreateCmeMeetingAsync();
        await SignUpPersonAsync(meeting.Id, "in_person", name: "Secret Person");
        using var client = await ClientForRoleAsync(role, role == "integration" ? meeting.HostHospital : null);

        var html = await HtmlAsync(await client.GetAsync(BoardUrl(meeting.Id, "zh")), HttpStatusCode.Forbidden);

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("此密钥无权查看会务数据看板。"));
            Assert.That(html, Does.Not.Contain("Secret Person"));
            Assert.That(html, Does.Not.Contain("<svg"));
        });
    }

    [Test]
    public async Task Board_WithARevokedKey_Answers401()
    {
        var meeting = await CreateCmeMeetingAsync();
        var created = await Json(await Admin.PostAsJsonAsync("/api-keys", new { name = Unique("gone"), role = "organiser" }));
        await Expect(await Admin.DeleteAsync($"/api-keys/{created["id"]!.GetValue<string>()}"), HttpStatusCode.NoContent);
        using var revoked = Factory.ClientWithKey(created["key"]!.GetValue<string>());

        var response = await revoked.GetAsync(BoardUrl(meeting.Id));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain("<svg"));
    }

    [Test]
    public async Task Board_ForAMeetingThatDoesNotExist_Answers404()
    {
        var html = await HtmlAsync(await Organiser.GetAsync(BoardUrl(Guid.NewGuid())), HttpStatusCode.NotFound);

        Assert.That(html, Does.Not.Contain("<svg"));
    }

    [Test]
    public async Task Board_WithAnOrganiserKey_ShowsStatusPerModeHospitalsProvincesAndCheckIns()
    {
        var meeting = await CreateCmeMeetingAsync();
        var gansu = await CreateHospitalAsync(province: "Gansu", name: Unique("Lanzhou University Second Hospital"));
        var qinghaiName = Unique("Qinghai Provincial People's Hospital");
        await CreateHospitalAsync(province: "Qinghai", name: qinghaiName);
        var first = await SignUpPersonAsync(meeting.Id, "in_person", name: "Zhang Wei", hospitalId: gansu);
        await SignUpPersonAsync(meeting.Id, "in_person", hospitalId: gansu);
        // A typed hospital name that is in the list (in other letter case) takes the list's province.
        var typed = SignUpBody("online");
        typed["hospitalName"] = qinghaiName.ToUpperInvariant();
        await Expect(await PostSignUpAsync(Anonymous, meeting.Id, typed), HttpStatusCode.Created);
        // A typed name the list does not know: counted, province unknown.
        await SignUpPersonAsync(meeting.Id, "online");
        var leaving = await SignUpPersonAsync(meeting.Id, "online");
        await Expect(await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(leaving)}/cancel", Token(leaving)), HttpStatusCode.OK);
        await Expect(await CheckInAsync(meeting.Id, first), HttpStatusCode.OK);

        var response = await Organiser.GetAsync(BoardUrl(meeting.Id));

        var html = await HtmlAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
            Assert.That(response.Headers.ETag, Is.Not.Null);
            Assert.That(html, Does.Contain("<svg id=\"chart-registrations\""));
            Assert.That(Text(html, "chart-registrations-d"), Does.Contain("In person 2; Online 3"));
            Assert.That(Text(html, "status-table"), Does.Contain("In person 2 0 0").And.Contain("Online 2 0 1"));
            Assert.That(Text(html, "chart-status-d"), Is.EqualTo("In person: Confirmed 2, On the waiting list 0, Cancelled 0; Online: Confirmed 2, On the waiting list 0, Cancelled 1"));
            Assert.That(Text(html, "checked-in"), Is.EqualTo("1 of 2 confirmed in person checked in"));
            Assert.That(Text(html, "recent-check-ins"), Does.Contain("Zhang Wei · Lanzhou University Second Hospital"));
            Assert.That(Text(html, "chart-hospitals-d"), Does.Contain("Lanzhou University Second Hospital").And.Contain(" 2;"));
            Assert.That(Text(html, "chart-provinces-d"), Is.EqualTo("Gansu 2; Qinghai 1; Not in the hospital list 1"));
            Assert.That(html, Does.Contain("role=\"img\""));
        });
    }

    [Test]
    public async Task Board_WithMarkupInATypedHospitalName_ShowsItAsTextInTheSvg()
    {
        var meeting = await CreateCmeMeetingAsync();
        var body = SignUpBody("in_person");
        body["hospitalName"] = "<script>alert(1)</script><tspan>";
        await Expect(await PostSignUpAsync(Anonymous, meeting.Id, body), HttpStatusCode.Created);

        var html = await HtmlAsync(await Organiser.GetAsync(BoardUrl(meeting.Id)));

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Not.Contain("<script>alert"));
            Assert.That(html, Does.Not.Contain("<tspan>"));
            Assert.That(html, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt;"));
        });
    }

    [Test]
    public async Task Board_WithAnAdminKeyInChinese_ShowsTheDashboard()
    {
        var meeting = await CreateCmeMeetingAsync();
        await SignUpPersonAsync(meeting.Id, "online");

        var html = await HtmlAsync(await Admin.GetAsync(BoardUrl(meeting.Id, "zh")));

        Assert.That(Text(html, "h-registrations"), Is.EqualTo("报名趋势"));
        Assert.That(Text(html, "status-table"), Does.Contain("线上参会 1 0 0"));
    }

    [Test]
    public async Task Board_WhenNothingChanged_Answers304ToItsETag_AndAfterASignUpTheNewCount()
    {
        var meeting = await CreateCmeMeetingAsync();
        await SignUpPersonAsync(meeting.Id, "in_person");
        var first = await Organiser.GetAsync(BoardUrl(meeting.Id));
        await Expect(first, HttpStatusCode.OK);
        var etag = first.Headers.ETag!;

        using var again = new HttpRequestMessage(HttpMethod.Get, BoardUrl(meeting.Id));
        again.Headers.IfNoneMatch.Add(etag);
        var unchanged = await Organiser.SendAsync(again);
        Assert.That(unchanged.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));

        await SignUpPersonAsync(meeting.Id, "in_person");
        using var afterSignUp = new HttpRequestMessage(HttpMethod.Get, BoardUrl(meeting.Id));
        afterSignUp.Headers.IfNoneMatch.Add(etag);
        var changed = await Organiser.SendAsync(afterSignUp);

        var html = await HtmlAsync(changed);
        Assert.That(changed.Headers.ETag, Is.Not.EqualTo(etag));
        Assert.That(Text(html, "status-table"), Does.Contain("In person 2 0 0"));
    }

    [Test]
    public async Task Board_WhileTheMeetingRuns_ShowsViewersNowAndPerSlot()
    {
        var meeting = await CreateCmeMeetingAsync();
        var viewer = await SignUpPersonAsync(meeting.Id, "online");
        var other = await SignUpPersonAsync(meeting.Id, "online");
        SetNow(meeting.Start.AddMinutes(30));
        using var noRedirects = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await Expect(await noRedirects.GetAsync($"/j/{Id(viewer)}?token={Uri.EscapeDataString(Token(viewer))}"), HttpStatusCode.Redirect);
        SetNow(meeting.Start.AddMinutes(31));
        await Expect(await HeartbeatAsync(viewer), HttpStatusCode.NoContent);
        await Expect(await HeartbeatAsync(other), HttpStatusCode.NoContent);

        var html = await HtmlAsync(await Organiser.GetAsync(BoardUrl(meeting.Id)));

        Assert.Multiple(() =>
        {
            Assert.That(Text(html, "watching-now"), Is.EqualTo("Watching now: 2"));
            // The morning lecture runs (08:30-12:00 Shanghai): two viewers; lunch and the afternoon have not begun.
            Assert.That(Text(html, "chart-viewers-d"), Is.EqualTo("08:30 Key points of laparoscopic liver surgery (now) 2"));
        });
    }

    [Test]
    public async Task Page_WithoutAKey_ShowsOnlyTheSignInForm()
    {
        var meeting = await CreateCmeMeetingAsync();
        var title = (await Json(await Organiser.GetAsync($"/meetings/{meeting.Id}")))["title"]!.GetValue<string>();

        var response = await Anonymous.GetAsync($"/o/m/{meeting.Id}?lang=en");

        var html = await HtmlAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("id=\"dashboard-key\""));
            Assert.That(html, Does.Contain($"data-board-url=\"/o/m/{meeting.Id}/board?lang=en\""));
            Assert.That(html, Does.Not.Contain(title));
            Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("script-src 'self'"));
        });
    }

    [Test]
    public async Task Page_WithAnIdThatIsNotOne_Answers404Page() =>
        await HtmlAsync(await Anonymous.GetAsync("/o/m/not-a-meeting"), HttpStatusCode.NotFound);
}
