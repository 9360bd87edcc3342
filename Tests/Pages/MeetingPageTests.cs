using Microsoft.Playwright;

namespace EventScheduler.Tests.Pages;

public sealed class MeetingPageTests : BrowserTestBase
{
    [Test]
    public async Task MeetingPage_WhenOrganiserDelaysACaseOverTheApi_ShowsTheNewStatusWithoutReload()
    {
        var scenario = await PublishedMeetingWithProgrammeAsync();
        await Page.GotoAsync($"/m/{scenario.MeetingId}");
        var slot = Page.Locator($"[data-slot-id='{scenario.CaseId}']");
        await Expect(slot.Locator(".live-label")).ToHaveTextAsync("按计划进行");
        await Expect(Page.Locator("#programme")).ToHaveAttributeAsync("data-live", "open");
        // A marker that a reload would wipe out.
        await Page.EvaluateAsync("() => { window.__notReloaded = true; }");

        var expected = scenario.StartsAt.AddMinutes(45).ToOffset(TimeSpan.FromHours(8));
        var response = await Organiser.PostAsJsonAsync($"/meetings/{scenario.MeetingId}/slots/{scenario.CaseId}/status",
            new { status = "delayed", expectedStartAt = expected.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture), note = "Theatre turnover" });
        await Expect(response, HttpStatusCode.OK);

        await Expect(slot.Locator(".live-label")).ToHaveTextAsync("推迟");
        await Expect(slot.Locator(".expected")).ToHaveTextAsync($"预计 {expected:HH:mm} 开始");
        await Expect(slot.Locator(".note")).ToContainTextAsync("Theatre turnover");
        Assert.That(await Page.EvaluateAsync<bool>("() => window.__notReloaded === true"), Is.True, "the page reloaded");
    }

    [Test]
    public async Task MeetingPage_InEnglish_ShowsWhenWhereProgrammeAndRegisterButton()
    {
        var scenario = await PublishedMeetingWithProgrammeAsync();

        await Page.GotoAsync($"/m/{scenario.MeetingId}?lang=en");

        await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(Page.Locator("h1")).ToHaveTextAsync(scenario.Title);
        await Expect(Page.Locator("dl.facts")).ToContainTextAsync("All times are local to the meeting (Asia/Shanghai, UTC+08:00).");
        await Expect(Page.Locator("dl.facts")).ToContainTextAsync("In person: Hanzhong 3201 Hospital lecture hall (40 places left)");
        var slot = Page.Locator($"[data-slot-id='{scenario.CaseId}']");
        await Expect(slot).ToContainTextAsync("Live surgery");
        await Expect(slot).ToContainTextAsync("Operating surgeons");
        await Expect(slot).ToContainTextAsync("(lead)");
        await Expect(Page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Register" })).ToHaveAttributeAsync("href", $"/m/{scenario.MeetingId}/register");
        await Expect(Page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Add to calendar" }))
            .ToHaveAttributeAsync("href", $"/meetings/{scenario.MeetingId}/calendar.ics?lang=en");
        await AssertAccessibleAsync(Page);
        await ScreenshotAsync(Page, "meeting-en");
    }

    [Test]
    public async Task MeetingPage_InChinese_PassesAccessibilityCheck()
    {
        var scenario = await PublishedMeetingWithProgrammeAsync();

        await Page.GotoAsync($"/m/{scenario.MeetingId}");

        await Expect(Page.Locator("dl.facts")).ToContainTextAsync("现场参会");
        await AssertAccessibleAsync(Page);
        await ScreenshotAsync(Page, "meeting-zh");
    }

    [Test]
    public async Task MeetingPage_WhenTheMeetingDoesNotExist_AnswersAnHtml404InTheReadersLanguage()
    {
        var response = await Page.GotoAsync($"/m/{Guid.NewGuid()}?lang=en");

        Assert.That(response!.Status, Is.EqualTo(404));
        Assert.That(response.Headers["content-type"], Does.StartWith("text/html"));
        await Expect(Page.Locator("h1")).ToContainTextAsync("We could not find this meeting");
    }
}
