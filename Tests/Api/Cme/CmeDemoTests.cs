using EventScheduler.Api.Features.Cme;
using EventScheduler.Api.Infrastructure;
using PigDocument = UglyToad.PdfPig.PdfDocument;

namespace EventScheduler.Tests.Api.Cme;

/// <summary>The issue's "done when", on the demo's completed Hanzhong meeting of 23 September 2021.</summary>
public sealed class CmeDemoTests : ApiTestBase
{
    private static readonly Guid AnkangCentral = Guid.Parse("0190a000-0000-7000-8000-000000000003");

    [OneTimeSetUp]
    public Task Seed() => DemoSeed.RunAsync(Factory.Services, CancellationToken.None);

    [Test]
    public async Task DemoMeeting_FromAttendanceToAVerifiedCertificate_Works()
    {
        var meeting = DemoSeed.HanzhongMeeting;

        // An organiser lists attendance and issues certificates.
        var attendance = await Json(await Organiser.GetAsync($"/meetings/{meeting}/attendance"));
        var eligible = attendance["items"]!.AsArray().Where(i => i!["eligible"]!.GetValue<bool>()).Select(i => i!["fullName"]!.GetValue<string>());
        Assert.That(eligible, Is.EquivalentTo(new[] { "张伟 Zhang Wei", "王芳 Wang Fang", "刘洋 Liu Yang" }));
        var issue = await Organiser.PostAsync($"/meetings/{meeting}/certificates", null);
        await Expect(issue, HttpStatusCode.OK);
        var zhang = (await Json(issue))["issued"]!.AsArray().Single(c => c!["fullName"]!.GetValue<string>() == "张伟 Zhang Wei")!;

        // The CME office of Ankang Central Hospital downloads its hospital's report.
        using var cmeOffice = Factory.ClientWithKey(await CreateKeyAsync("integration", AnkangCentral));
        var report = await cmeOffice.GetAsync($"/meetings/{meeting}/cme-report?format=csv");
        await Expect(report, HttpStatusCode.OK);
        var csv = await report.Content.ReadAsStringAsync();
        Assert.That(csv, Does.Contain("张伟 Zhang Wei").And.Contain("刘洋 Liu Yang").And.Not.Contain("王芳"));

        // The attendee downloads the certificate with a Chinese name...
        var request = new HttpRequestMessage(HttpMethod.Get, $"/certificates/{zhang["serial"]!.GetValue<string>()}.pdf");
        request.Headers.Add("X-Registration-Token", CmeDemoSeed.ZhangWeiToken);
        var pdf = await Anonymous.SendAsync(request);
        await Expect(pdf, HttpStatusCode.OK);
        using (var document = PigDocument.Open(await pdf.Content.ReadAsByteArrayAsync()))
        {
            Assert.That(document.GetPage(1).Text, Does.Contain("张伟"));
        }

        // ...that a stranger verifies by its code.
        var verified = await Anonymous.GetAsync($"/certificate-verifications/{zhang["verificationCode"]!.GetValue<string>()}");
        await Expect(verified, HttpStatusCode.OK);
        Assert.That((await Json(verified))["fullName"]!.GetValue<string>(), Is.EqualTo("张伟 Zhang Wei"));
    }
}
