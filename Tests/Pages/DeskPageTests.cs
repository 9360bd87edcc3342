using Microsoft.Playwright;

namespace EventScheduler.Tests.Pages;

public sealed class DeskPageTests : BrowserTestBase
{
    private async Task SignInAsync(Guid meetingId, string lang = "zh")
    {
        var key = await CreateKeyAsync("check_in");
        await Page.GotoAsync($"/desk/{meetingId}?lang={lang}");
        await Page.FillAsync("#desk-key", key);
        await Page.ClickAsync("#key-form button[type=submit]");
        await Expect(Page.Locator("#code")).ToBeVisibleAsync();
    }

    private async Task TypeCodeAsync(string code)
    {
        await Page.FillAsync("#code", code);
        await Page.ClickAsync("#code-form button[type=submit]");
    }

    [Test]
    public async Task Desk_WhenTheSameCodeIsCheckedInTwice_ShowsCheckedInThenAlreadyCheckedIn()
    {
        var scenario = await PublishedMeetingWithProgrammeAsync();
        var attendee = await SignUpOverApiAsync(scenario.MeetingId, "in_person", name: "张伟");
        await SignInAsync(scenario.MeetingId);
        await AssertAccessibleAsync(Page);

        await TypeCodeAsync(attendee.CheckInCode!.ToLowerInvariant());
        await Expect(Page.Locator("#result")).ToHaveAttributeAsync("data-kind", "ok");
        await Expect(Page.Locator("#result")).ToContainTextAsync("签到成功");
        await Expect(Page.Locator("#result .who")).ToContainTextAsync("张伟 · 现场参会");
        await ScreenshotAsync(Page, "desk-zh");

        await TypeCodeAsync(attendee.CheckInCode!);
        await Expect(Page.Locator("#result")).ToHaveAttributeAsync("data-kind", "already");
        await Expect(Page.Locator("#result")).ToContainTextAsync("已签到过（");
        await AssertAccessibleAsync(Page);
        await ScreenshotAsync(Page, "desk-already-zh");
    }

    [Test]
    public async Task Desk_WhenTheAnswerIsLostAndTheCodeIsSentAgain_CountsOnceAndShowsCheckedIn()
    {
        var scenario = await PublishedMeetingWithProgrammeAsync();
        var attendee = await SignUpOverApiAsync(scenario.MeetingId, "in_person", name: "Li Na");
        await SignInAsync(scenario.MeetingId, "en");
        var lost = 0;
        // The first request reaches the server and checks in, but its answer never reaches the page.
        await Page.RouteAsync("**/check-ins", async route =>
        {
            if (Interlocked.Increment(ref lost) == 1)
            {
                await route.FetchAsync();
                await route.AbortAsync();
                return;
            }

            await route.ContinueAsync();
        });

        await TypeCodeAsync(attendee.CheckInCode!);

        // Retried with the same Idempotency-Key: the stored answer is replayed, not "already checked in".
        await Expect(Page.Locator("#result")).ToHaveAttributeAsync("data-kind", "ok", new() { Timeout = 15_000 });
        await Expect(Page.Locator("#result .who")).ToContainTextAsync("Li Na · In person");
        Assert.That(lost, Is.GreaterThanOrEqualTo(2));
        var registration = await Organiser.GetAsync($"/registrations/{attendee.Id}");
        Assert.That((await Json(registration))["checkedInAt"]?.GetValue<string>(), Is.Not.Null);
    }

    [Test]
    public async Task Desk_WhileOffline_KeepsTypedCodesAndSendsThemWhenTheConnectionReturns()
    {
        var scenario = await PublishedMeetingWithProgrammeAsync();
        var first = await SignUpOverApiAsync(scenario.MeetingId, "in_person");
        var second = await SignUpOverApiAsync(scenario.MeetingId, "in_person");
        await SignInAsync(scenario.MeetingId, "en");

        await Context.SetOfflineAsync(true);
        await TypeCodeAsync(first.CheckInCode!);
        await TypeCodeAsync(second.CheckInCode!);
        await Expect(Page.Locator("#result")).ToHaveAttributeAsync("data-kind", "queued");
        await Expect(Page.Locator("#pending")).ToHaveTextAsync("2 waiting to be sent");
        await Expect(Page.Locator("#connection")).ToHaveTextAsync("Offline");

        await Context.SetOfflineAsync(false);

        await Expect(Page.Locator("#pending")).ToHaveTextAsync("", new() { Timeout = 15_000 });
        await Expect(Page.Locator("#recent li")).ToHaveCountAsync(2);
        foreach (var attendee in new[] { first, second })
        {
            var registration = await Organiser.GetAsync($"/registrations/{attendee.Id}");
            Assert.That((await Json(registration))["checkedInAt"]?.GetValue<string>(), Is.Not.Null);
        }
    }

    [Test]
    public async Task Desk_WithAKeyThatDoesNotExist_StaysSignedOutAndSaysSo()
    {
        var scenario = await PublishedMeetingWithProgrammeAsync();
        await Page.GotoAsync($"/desk/{scenario.MeetingId}?lang=en");

        await Page.FillAsync("#desk-key", "esk_not_a_real_key_at_all_0000000000");
        await Page.ClickAsync("#key-form button[type=submit]");

        await Expect(Page.Locator("#key-error")).ToHaveTextAsync("The key is not valid, or may not check attendees in.");
        await Expect(Page.Locator("#check-in")).ToBeHiddenAsync();
        await AssertAccessibleAsync(Page);
    }
}
