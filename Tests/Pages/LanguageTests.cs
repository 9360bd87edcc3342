namespace EventScheduler.Tests.Pages;

public sealed class LanguageTests : BrowserTestBase
{
    [Test]
    public async Task MeetingList_WhenTheBrowserPrefersEnglish_SpeaksEnglish()
    {
        await using var english = await NewContextAsync("en-GB");
        var page = await english.NewPageAsync();

        await page.GotoAsync("/");

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Upcoming meetings");
    }

    [Test]
    public async Task MeetingList_WhenTheReaderChoosesChinese_KeepsChineseOnLaterPagesDespiteTheBrowser()
    {
        await using var english = await NewContextAsync("en-GB");
        var page = await english.NewPageAsync();
        await page.GotoAsync("/");

        await page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "切换到中文" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("近期会议");
        await page.GotoAsync("/");

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.Locator("h1")).ToHaveTextAsync("近期会议");
    }

    [Test]
    public async Task MeetingList_WhenNoLanguageIsKnown_DefaultsToChinese()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        var response = await Anonymous.SendAsync(request);

        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("<html lang=\"zh-CN\">"));
    }
}
