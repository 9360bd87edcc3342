using Microsoft.Playwright;

namespace EventScheduler.Tests.Pages;

public sealed class BrowsePagesTests : BrowserTestBase
{
    [Test]
    public async Task MeetingList_WhenAMeetingIsPublished_ShowsItWithPlacesLeftInChinese()
    {
        var body = MeetingBody(await CreateHospitalAsync());
        body["inPersonCapacity"] = 40;
        var title = body["title"]!.GetValue<string>();
        await CreatePublishedMeetingAsync(body);

        await Page.GotoAsync("/");

        await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        var card = Page.Locator(".card", new PageLocatorOptions { HasText = title });
        await Expect(card).ToContainTextAsync("现场参会：剩余 40 个名额");
        await Expect(card).ToContainTextAsync("线上参会：名额不限");
        await AssertAccessibleAsync(Page);
        await ScreenshotAsync(Page, "meetings-zh");
    }
}
