using EventScheduler.Api.Infrastructure;
using Microsoft.Playwright;

namespace EventScheduler.Tests.Pages;

/// <summary>The newcomer's path of the README: the demo data, the list, the next meeting, a sign-up, the manage link.</summary>
public sealed class DemoFlowTests : BrowserTestBase
{
    [Test]
    public async Task DemoMeeting_InChinese_CanBeFoundRegisteredForAndManaged()
    {
        await DemoSeed.RunAsync(Factory.Services, CancellationToken.None);

        await Page.GotoAsync("/");
        await Page.GetByRole(AriaRole.Link, new() { Name = "西北腹腔镜肝脏外科联盟手术直播会议（西安站）" }).ClickAsync();
        await Expect(Page.Locator("#programme")).ToContainTextAsync("手术直播：腹腔镜右半肝切除联合右门静脉取栓、缝合及重建术");
        await Page.GetByRole(AriaRole.Link, new() { Name = "我要报名" }).ClickAsync();
        await Page.FillAsync("#fullName", "王磊");
        await Page.FillAsync("#email", $"wang.{Guid.NewGuid():N}@example.cn");
        await Page.GetByLabel("所在医院").SelectOptionAsync(DemoSeed.Hanzhong3201.ToString());
        await Page.FillAsync("#jobTitle", "主治医师");
        await Page.FillAsync("#specialty", "肝胆外科");
        await Page.CheckAsync("input[name=mode][value=in_person]");
        await Page.GetByRole(AriaRole.Button, new() { Name = "提交报名" }).ClickAsync();
        await Expect(Page.Locator("#registration-status")).ToHaveTextAsync("报名成功");
        var manageLink = await Page.Locator("#manage-link").GetAttributeAsync("href");

        await using var later = await NewContextAsync("en-GB");
        var page = await later.NewPageAsync();
        await page.GotoAsync(manageLink!);

        await Expect(page.Locator("#registration-status")).ToHaveTextAsync("Confirmed");
        await Expect(page.Locator("#check-in-code")).ToBeVisibleAsync();
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("Northwest Laparoscopic Liver Alliance Livestreaming Surgery Meeting (Xi'an)");
    }
}
