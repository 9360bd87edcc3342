using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace EventScheduler.Tests.Pages;

public sealed partial class RegisterPageTests : BrowserTestBase
{
    [GeneratedRegex(@"/r/[0-9a-f-]{36}\?token=rmt_")]
    private static partial Regex ManageUrl();

    [Test]
    public async Task Register_InPersonThroughTheForm_ShowsConfirmedWithCheckInCodeAndQrCode()
    {
        var scenario = await PublishedMeetingWithProgrammeAsync(inPersonCapacity: 40);
        var hospital = await CreateHospitalAsync(name: Unique("安康市中心医院"));
        await Page.GotoAsync($"/m/{scenario.MeetingId}");
        await Page.GetByRole(AriaRole.Link, new() { Name = "我要报名" }).ClickAsync();
        await AssertAccessibleAsync(Page);

        await Page.GetByLabel("姓名").FillAsync("张伟");
        await Page.GetByLabel("电子邮箱").FillAsync($"zhang.{Guid.NewGuid():N}@example.cn");
        await Page.GetByLabel("手机号码").FillAsync("+86 138 0000 0000");
        await Page.GetByLabel("所在医院").SelectOptionAsync(hospital.ToString());
        await Page.GetByLabel("职称/职务").FillAsync("主治医师");
        await Page.GetByLabel("专业").FillAsync("肝胆外科");
        await Page.GetByLabel("现场参会").CheckAsync();
        await ScreenshotAsync(Page, "register-zh");
        await Page.GetByRole(AriaRole.Button, new() { Name = "提交报名" }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(ManageUrl());
        await Expect(Page.Locator("#registration-status")).ToHaveTextAsync("报名成功");
        await Expect(Page.Locator(".notice.ok")).ToHaveTextAsync("报名已提交，感谢您的参与！");
        var code = await Page.Locator("#check-in-code").TextContentAsync();
        Assert.That(code, Does.Match("^[A-Z0-9]{6,}$"));
        await Expect(Page.Locator(".ticket img")).ToHaveAttributeAsync("alt", $"签到二维码，签到码 {code}");
        await Expect(Page.Locator("#manage-link")).ToHaveAttributeAsync("href", ManageUrl());
        await AssertAccessibleAsync(Page);
        await ScreenshotAsync(Page, "registered-zh");
    }

    [Test]
    public async Task Register_OnlineInEnglishWithATypedHospital_ShowsConfirmedAndWhenTheStreamComes()
    {
        var scenario = await PublishedMeetingWithProgrammeAsync();
        await Page.GotoAsync($"/m/{scenario.MeetingId}/register?lang=en");

        await Page.GetByLabel("Full name").FillAsync("Zhang Wei");
        await Page.GetByLabel("E-mail").FillAsync($"zhang.{Guid.NewGuid():N}@example.cn");
        await Page.GetByLabel("Hospital name").FillAsync("Ankang Central Hospital");
        await Page.GetByLabel("Job title").FillAsync("Attending surgeon");
        await Page.GetByLabel("Specialty").FillAsync("Hepatobiliary surgery");
        await Page.GetByLabel("Online").CheckAsync();
        await Page.GetByLabel("English", new() { Exact = true }).CheckAsync();
        await ScreenshotAsync(Page, "register-en");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(ManageUrl());
        await Expect(Page.Locator("#registration-status")).ToHaveTextAsync("Confirmed");
        await Expect(Page.Locator("#registration-mode")).ToHaveTextAsync("Online");
        await Expect(Page.Locator("#check-in-code")).ToHaveCountAsync(0);
        await Expect(Page.Locator("#stream-title + p")).ToHaveTextAsync("The stream link appears here from 30 minutes before the meeting starts.");
        await Expect(Page.Locator("#stream-link")).ToHaveCountAsync(0);
        await AssertAccessibleAsync(Page);
        // The language chosen on the form is the registration's (its mails are written in it).
        var url = new Uri(Page.Url);
        var token = System.Web.HttpUtility.ParseQueryString(url.Query)["token"];
        var read = await Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/registrations/" + url.Segments[^1]) { Headers = { { "X-Registration-Token", token } } });
        Assert.That((await Json(read))["language"]!.GetValue<string>(), Is.EqualTo("en"));
    }

    [Test]
    public async Task Register_WhenInPersonIsFull_ShowsTheWaitingListPosition()
    {
        var scenario = await PublishedMeetingWithProgrammeAsync(inPersonCapacity: 1);
        await SignUpOverApiAsync(scenario.MeetingId);
        await Page.GotoAsync($"/m/{scenario.MeetingId}");
        await Expect(Page.Locator("[data-mode='in_person'] .seats")).ToHaveTextAsync("（名额已满，可登记候补）");

        await Page.GotoAsync($"/m/{scenario.MeetingId}/register");
        await FillValidAsync(Page, "in_person");
        await Page.GetByRole(AriaRole.Button, new() { Name = "提交报名" }).ClickAsync();

        await Expect(Page.Locator("#registration-status")).ToHaveTextAsync("候补中");
        await Expect(Page.Locator("#waitlist-position")).ToContainTextAsync("您在现场参会候补名单中排第 1 位");
        await Expect(Page.Locator("#check-in-code")).ToHaveCountAsync(0);
        await ScreenshotAsync(Page, "waitlisted-zh");
    }

    [Test]
    public async Task Register_WithAnInvalidEmailAndNoJobTitle_ShowsEachErrorBesideItsFieldAndKeepsTheInput()
    {
        var scenario = await PublishedMeetingWithProgrammeAsync();
        await Page.GotoAsync($"/m/{scenario.MeetingId}/register");
        await Page.GetByLabel("姓名").FillAsync("张伟");
        await Page.GetByLabel("电子邮箱").FillAsync("not-an-email");
        await Page.GetByLabel("医院名称").FillAsync("安康市中心医院");
        await Page.GetByLabel("专业").FillAsync("肝胆外科");
        await Page.GetByLabel("线上参会").CheckAsync();

        await Page.GetByRole(AriaRole.Button, new() { Name = "提交报名" }).ClickAsync();

        await Expect(Page.Locator("#email-error")).ToHaveTextAsync("请填写有效的电子邮箱地址。");
        await Expect(Page.Locator("#jobTitle-error")).ToHaveTextAsync("此项为必填。");
        await Expect(Page.GetByLabel("电子邮箱")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(Page.GetByLabel("姓名")).ToHaveValueAsync("张伟");
        await Expect(Page.GetByLabel("电子邮箱")).ToHaveValueAsync("not-an-email");
        await Expect(Page.GetByLabel("医院名称")).ToHaveValueAsync("安康市中心医院");
        await Expect(Page.GetByLabel("线上参会")).ToBeCheckedAsync();
        await Expect(Page.Locator(".error-summary")).ToContainTextAsync("有几项内容需要修改");
        await AssertAccessibleAsync(Page);
        await ScreenshotAsync(Page, "register-errors-zh");
        var list = await Organiser.GetAsync($"/meetings/{scenario.MeetingId}/registrations");
        Assert.That((await Json(list))["items"]!.AsArray(), Is.Empty, "nothing may be registered");
    }

    [Test]
    public async Task Register_WhenTheEmailIsAlreadyRegistered_SaysSoBesideTheEmailInEnglish()
    {
        var scenario = await PublishedMeetingWithProgrammeAsync();
        var email = $"dup.{Guid.NewGuid():N}@example.cn";
        await Page.GotoAsync($"/m/{scenario.MeetingId}/register?lang=en");
        await FillValidAsync(Page, "online", email);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Expect(Page.Locator("#registration-status")).ToHaveTextAsync("Confirmed");

        await Page.GotoAsync($"/m/{scenario.MeetingId}/register");
        await FillValidAsync(Page, "online", email);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();

        await Expect(Page.Locator("#email-error")).ToContainTextAsync("This e-mail address is already registered for this meeting.");
    }

    private static async Task FillValidAsync(IPage page, string mode, string? email = null)
    {
        await page.FillAsync("#fullName", "李娜");
        await page.FillAsync("#email", email ?? $"li.{Guid.NewGuid():N}@example.cn");
        await page.FillAsync("#hospitalName", "天水市第一人民医院");
        await page.FillAsync("#jobTitle", "副主任医师");
        await page.FillAsync("#specialty", "肝胆外科");
        await page.CheckAsync($"input[name=mode][value={mode}]");
    }
}
