using Microsoft.Playwright;

namespace EventScheduler.Tests.Pages;

public sealed class ManagePageTests : BrowserTestBase
{
    [Test]
    public async Task Manage_SwitchFromInPersonToOnline_ShowsOnlineAndDropsTheCheckInCode()
    {
        var scenario = await PublishedMeetingWithProgrammeAsync();
        var signedUp = await SignUpOverApiAsync(scenario.MeetingId, "in_person");
        await Page.GotoAsync($"/r/{signedUp.Id}?token={signedUp.Token}");
        await Expect(Page.Locator("#check-in-code")).ToHaveTextAsync(signedUp.CheckInCode!);
        await ScreenshotAsync(Page, "manage-zh");

        await Page.GetByRole(AriaRole.Button, new() { Name = "改为线上参会" }).ClickAsync();

        await Expect(Page.Locator(".notice.ok")).ToHaveTextAsync("参会方式已更新。");
        await Expect(Page.Locator("#registration-mode")).ToHaveTextAsync("线上参会");
        await Expect(Page.Locator("#check-in-code")).ToHaveCountAsync(0);
        var read = await Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/registrations/{signedUp.Id}") { Headers = { { "X-Registration-Token", signedUp.Token } } });
        Assert.That((await Json(read))["mode"]!.GetValue<string>(), Is.EqualTo("online"));
    }

    [Test]
    public async Task Manage_CancelAfterConfirming_CancelsTheRegistrationAndGivesTheSeatToTheFirstWaiting()
    {
        var scenario = await PublishedMeetingWithProgrammeAsync(inPersonCapacity: 1);
        var holder = await SignUpOverApiAsync(scenario.MeetingId, "in_person");
        var waiting = await SignUpOverApiAsync(scenario.MeetingId, "in_person");
        Assert.That(waiting.Status, Is.EqualTo("waitlisted"));
        await Page.GotoAsync($"/r/{holder.Id}?token={holder.Token}&lang=en");

        await Page.GetByRole(AriaRole.Link, new() { Name = "Cancel registration…" }).ClickAsync();
        await Expect(Page.Locator("#cancel-question")).ToContainTextAsync("Cancel your registration?");
        await AssertAccessibleAsync(Page);
        await ScreenshotAsync(Page, "cancel-confirm-en");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Yes, cancel" }).ClickAsync();

        await Expect(Page.Locator("#registration-status")).ToHaveTextAsync("Cancelled");
        await Expect(Page.Locator(".notice.ok")).ToHaveTextAsync("Your registration has been cancelled.");
        await Page.GotoAsync($"/r/{waiting.Id}?token={waiting.Token}&lang=en");
        await Expect(Page.Locator("#registration-status")).ToHaveTextAsync("Confirmed");
        await Expect(Page.Locator("#check-in-code")).ToBeVisibleAsync();
    }

    [Test]
    public async Task Manage_WhenTheCancelConfirmationIsDeclined_KeepsTheRegistration()
    {
        var scenario = await PublishedMeetingWithProgrammeAsync();
        var signedUp = await SignUpOverApiAsync(scenario.MeetingId, "online");
        await Page.GotoAsync($"/r/{signedUp.Id}?token={signedUp.Token}");

        await Page.GetByRole(AriaRole.Link, new() { Name = "取消报名…" }).ClickAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "不取消，返回" }).ClickAsync();

        await Expect(Page.Locator("#registration-status")).ToHaveTextAsync("报名成功");
        await Expect(Page.Locator("#cancel-question")).ToHaveCountAsync(0);
    }

    [Test]
    public async Task Manage_WithAWrongToken_AnswersNotFoundWithoutRevealingTheRegistration()
    {
        var scenario = await PublishedMeetingWithProgrammeAsync();
        var signedUp = await SignUpOverApiAsync(scenario.MeetingId, "online", name: "赵敏");

        var response = await Page.GotoAsync($"/r/{signedUp.Id}?token=rmt_wrong");

        Assert.That(response!.Status, Is.EqualTo(404));
        await Expect(Page.Locator("body")).Not.ToContainTextAsync("赵敏");
        await Expect(Page.Locator("h1")).ToContainTextAsync("没有找到这条报名记录");
    }

    [Test]
    public async Task Manage_Always_IsNeverCachedAndKeepsTheTokenOutOfOtherSitesReferrers()
    {
        var scenario = await PublishedMeetingWithProgrammeAsync();
        var signedUp = await SignUpOverApiAsync(scenario.MeetingId, "online");

        var response = await Page.GotoAsync($"/r/{signedUp.Id}?token={signedUp.Token}");

        Assert.Multiple(() =>
        {
            Assert.That(response!.Headers["cache-control"], Does.Contain("no-store"));
            Assert.That(response.Headers["referrer-policy"], Is.EqualTo("same-origin"));
        });
        await AssertAccessibleAsync(Page);
    }
}
