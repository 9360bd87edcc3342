using Microsoft.Playwright;

namespace EventScheduler.Tests.Pages;

public sealed class TranslatedMeetingPageTests : BrowserTestBase
{
    [Test]
    public async Task MeetingPage_WhenTranslated_ShowsTheReadersLanguageAndFallsBackToTheEnteredText()
    {
        var scenario = await PublishedMeetingWithProgrammeAsync();
        var patch = await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{scenario.MeetingId}",
            """{"translations":{"zh":{"title":"腹腔镜肝脏手术直播会议（汉中站）"}}}""");
        await Expect(patch, HttpStatusCode.OK);
        var slot = await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{scenario.MeetingId}/slots/{scenario.CaseId}",
            """{"translations":{"en":{"title":"Laparoscopic left hepatectomy","procedure":"Laparoscopic left hepatectomy"}}}""");
        await Expect(slot, HttpStatusCode.OK);

        await Page.GotoAsync($"/m/{scenario.MeetingId}");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("腹腔镜肝脏手术直播会议（汉中站）");
        await Expect(Page.Locator($"[data-slot-id='{scenario.CaseId}'] .slot-title")).ToHaveTextAsync("腹腔镜左半肝切除术");

        await Page.GotoAsync($"/m/{scenario.MeetingId}?lang=en");
        await Expect(Page.Locator("h1")).ToHaveTextAsync(scenario.Title);
        await Expect(Page.Locator($"[data-slot-id='{scenario.CaseId}'] .slot-title")).ToHaveTextAsync("Laparoscopic left hepatectomy");
        await Expect(Page.Locator($"[data-slot-id='{scenario.CaseId}'] .slot-facts")).ToContainTextAsync("Laparoscopic left hepatectomy (Laparoscopic)");
    }
}
