using Microsoft.Playwright;

namespace EventScheduler.Tests.Pages;

public sealed class DashboardPageTests : BrowserTestBase
{
    private async Task OpenAsync(Guid meetingId, string key, string lang = "zh")
    {
        await Page.GotoAsync($"/o/m/{meetingId}?lang={lang}");
        await Page.FillAsync("#dashboard-key", key);
        await Page.ClickAsync("#key-form button[type=submit]");
    }

    private async Task SignUpAsync(Guid meetingId, string mode, Guid hospitalId, string name)
    {
        var response = await Anonymous.PostAsJsonAsync($"/meetings/{meetingId}/registrations", new
        {
            fullName = name, email = $"{Guid.NewGuid():N}@example.cn", hospitalId, jobTitle = "主治医师", specialty = "肝胆外科", mode,
        });
        await Expect(response, HttpStatusCode.Created);
    }

    [Test]
    public async Task Dashboard_OnAPhone_ShowsTheChartsAndThenASignUpAndACheckInWithoutReload()
    {
        var scenario = await PublishedMeetingWithProgrammeAsync(inPersonCapacity: 40);
        Guid[] hospitals =
        [
            await CreateHospitalAsync(province: "陕西", name: Unique("西安交通大学第一附属医院")),
            await CreateHospitalAsync(province: "陕西", name: Unique("汉中市3201医院")),
            await CreateHospitalAsync(province: "甘肃", name: Unique("兰州大学第二医院")),
            await CreateHospitalAsync(province: "青海", name: Unique("青海省人民医院")),
            await CreateHospitalAsync(province: "宁夏", name: Unique("宁夏医科大学总医院")),
        ];
        // Three weeks of sign-ups, so the plot has a shape: the test clock moves on between them.
        var random = new Random(16);
        for (var i = 0; i < 24; i++)
        {
            Factory.Clock.Advance(TimeSpan.FromHours(random.Next(4, 20)));
            await SignUpAsync(scenario.MeetingId, i % 3 == 0 ? "online" : "in_person", hospitals[random.Next(hospitals.Length) % (i < 12 ? 3 : 5)],
                Unique("参会者"));
        }

        await OpenAsync(scenario.MeetingId, await CreateKeyAsync("organiser"));

        await Expect(Page.Locator("#board-title")).ToHaveTextAsync(scenario.Title);
        await Expect(Page.Locator("#chart-registrations")).ToBeVisibleAsync();
        await Expect(Page.Locator("#recent-check-ins")).ToHaveCountAsync(0);
        await AssertAccessibleAsync(Page);
        await ScreenshotAsync(Page, "dashboard-zh");
        var confirmed = Page.Locator("#status-table tr[data-mode=in_person] td.confirmed");
        var before = int.Parse(await confirmed.InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        // Set on this document: a reload would lose it.
        await Page.EvaluateAsync("() => { window.notReloaded = true; }");

        var attendee = await SignUpOverApiAsync(scenario.MeetingId, "in_person", name: "张伟");
        await Expect(await Organiser.PostAsJsonAsync($"/meetings/{scenario.MeetingId}/check-ins", new { code = attendee.CheckInCode }), HttpStatusCode.OK);

        await Expect(confirmed).ToHaveTextAsync((before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 15_000 });
        await Expect(Page.Locator("#recent-check-ins")).ToContainTextAsync("张伟", new() { Timeout = 15_000 });
        await Expect(Page.Locator("#checked-in")).ToContainTextAsync("已签到 1 人");
        Assert.That(await Page.EvaluateAsync<bool>("() => window.notReloaded === true"), Is.True, "the page was reloaded");
        await AssertAccessibleAsync(Page);
        await ScreenshotAsync(Page, "dashboard-check-in-zh");
    }

    [Test]
    public async Task Dashboard_WithACheckInKey_StaysSignedOutAndSaysSo()
    {
        var scenario = await PublishedMeetingWithProgrammeAsync();

        await OpenAsync(scenario.MeetingId, await CreateKeyAsync("check_in"), "en");

        await Expect(Page.Locator("#key-error")).ToHaveTextAsync("The key is not valid, or is not an organiser key.");
        await Expect(Page.Locator("#panel")).ToBeHiddenAsync();
        Assert.That(await Page.EvaluateAsync<string?>($"() => sessionStorage.getItem('dashboard-key:{scenario.MeetingId}')"), Is.Null);
        await AssertAccessibleAsync(Page);
    }
}
