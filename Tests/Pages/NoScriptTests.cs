using Microsoft.Playwright;

namespace EventScheduler.Tests.Pages;

/// <summary>Browse, register and manage are plain HTML and form posts: they work with JavaScript off.</summary>
public sealed class NoScriptTests : BrowserTestBase
{
    [Test]
    public async Task RegisterAndCancel_WithJavaScriptOff_WorkThroughPlainFormPosts()
    {
        var scenario = await PublishedMeetingWithProgrammeAsync();
        await using var context = await NewContextAsync("zh-CN", javaScript: false);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = scenario.Title }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "我要报名" }).ClickAsync();
        await page.FillAsync("#fullName", "周敏");
        await page.FillAsync("#email", $"zhou.{Guid.NewGuid():N}@example.cn");
        await page.FillAsync("#hospitalName", "青海省人民医院");
        await page.FillAsync("#jobTitle", "主治医师");
        await page.FillAsync("#specialty", "肝胆外科");
        await page.CheckAsync("input[name=mode][value=in_person]");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交报名" }).ClickAsync();
        await Expect(page.Locator("#registration-status")).ToHaveTextAsync("报名成功");

        await page.GetByRole(AriaRole.Link, new() { Name = "取消报名…" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "确定取消" }).ClickAsync();

        await Expect(page.Locator("#registration-status")).ToHaveTextAsync("已取消");
    }
}
