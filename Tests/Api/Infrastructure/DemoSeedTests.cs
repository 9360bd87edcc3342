using EventScheduler.Api.Infrastructure;

namespace EventScheduler.Tests.Api.Infrastructure;

public sealed class DemoSeedTests : ApiTestBase
{
    [Test]
    public async Task Seed_WhenRunTwice_LoadsTheHanzhongMeetingOnce()
    {
        var first = await DemoSeed.RunAsync(Factory.Services, CancellationToken.None);
        var second = await DemoSeed.RunAsync(Factory.Services, CancellationToken.None);

        Assert.That((first, second), Is.EqualTo((true, false)));
        var meeting = await Json(await Anonymous.GetAsync($"/meetings/{DemoSeed.HanzhongMeeting}"));
        Assert.Multiple(() =>
        {
            Assert.That(meeting["title"]!.GetValue<string>(), Does.Contain("(Hanzhong)"));
            Assert.That(meeting["startsAt"]!.GetValue<string>(), Is.EqualTo("2021-09-23T08:30:00.000+08:00"));
            Assert.That(meeting["chairIds"]!.AsArray(), Has.Count.EqualTo(2));
            Assert.That(meeting["stream"], Is.Null);
            Assert.That(meeting["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        });
        var programme = (await Json(await Anonymous.GetAsync($"/meetings/{DemoSeed.HanzhongMeeting}/programme"))).ToJsonString();
        Assert.That(programme, Does.Contain("laparoscopic left hepatectomy").And.Contain("Li Yu").And.Contain("Duan Jianfeng"));
        var hospitals = await Json(await Organiser.GetAsync("/hospitals?province=Shaanxi"));
        Assert.That(hospitals["items"]!.AsArray().Select(h => h!["name"]!.GetValue<string>()), Does.Contain("Hanzhong 3201 Hospital"));
        var faculty = await Json(await Organiser.GetAsync($"/faculty?hospitalId={DemoSeed.Hanzhong3201}"));
        Assert.That(faculty["items"]!.AsArray().Select(f => f!["fullName"]!.GetValue<string>()), Is.EquivalentTo(new[] { "Duan Jianfeng", "Liu Xiaochen" }));
    }
}

/// <summary>Its own fixture: the seed of another test must not have run first.</summary>
public sealed class UpcomingDemoMeetingTests : ApiTestBase
{
    [Test]
    public async Task Seed_LoadsTheSeriesNextMeetingPublishedWithProgrammeAndOpenRegistration()
    {
        await DemoSeed.RunAsync(Factory.Services, CancellationToken.None);

        var list = await Json(await Anonymous.GetAsync("/meetings"));
        var next = list["items"]!.AsArray().SingleOrDefault(m => m!["id"]!.GetValue<Guid>() == DemoSeed.NextMeeting);
        var programme = await Json(await Anonymous.GetAsync($"/meetings/{DemoSeed.NextMeeting}/programme"));
        var signUp = await Anonymous.PostAsJsonAsync($"/meetings/{DemoSeed.NextMeeting}/registrations", new
        {
            fullName = "Newcomer", email = $"{Guid.NewGuid():N}@example.cn", hospitalName = "Ankang Central Hospital",
            jobTitle = "Resident", specialty = "General surgery", mode = "online",
        });

        Assert.That(next, Is.Not.Null, "a newcomer sees the upcoming meeting in the public list");
        Assert.Multiple(async () =>
        {
            Assert.That(next!["status"]!.GetValue<string>(), Is.EqualTo("published"));
            Assert.That(DateTimeOffset.Parse(next["startsAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
                Is.GreaterThan(Factory.Clock.GetUtcNow().AddMonths(2)));
            Assert.That(programme["slots"]!.AsArray(), Has.Count.EqualTo(4));
            await Expect(signUp, HttpStatusCode.Created);
        });
    }
}
