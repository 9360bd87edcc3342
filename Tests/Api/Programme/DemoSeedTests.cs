using EventScheduler.Api.Features.Programme;

namespace EventScheduler.Tests.Api.Programme;

public sealed class DemoSeedTests : ProgrammeTestBase
{
    [Test]
    public async Task SeedProgramme_WhenRunTwice_AddsTheHanzhongProgrammeOnce()
    {
        var xian = await CreateHospitalAsync(name: Unique("First Affiliated Hospital of Xi'an Jiaotong University"));
        var hanzhong = await CreateHospitalAsync(name: Unique("Hanzhong 3201 Hospital"));
        // Unique suffixes would break the name lookup, so this fixture's database holds the only people with these names.
        foreach (var (name, hospital) in new[] { ("Li Yu", xian), ("Zhang Xufeng", xian), ("Liu Xiaochen", hanzhong), ("Duan Jianfeng", hanzhong), ("Liu Xuemin", hanzhong) })
        {
            await CreateFacultyAsync(hospital, name);
        }

        var m = await NewMeetingAsync();

        await ProgrammeDemoSeed.SeedProgrammeAsync(Factory.Services, m.Id, CancellationToken.None);
        await ProgrammeDemoSeed.SeedProgrammeAsync(Factory.Services, m.Id, CancellationToken.None);

        var programme = await Json(await Organiser.GetAsync($"/meetings/{m.Id}/programme"));
        var slots = programme["slots"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(slots.Select(s => s!["kind"]!.GetValue<string>()), Is.EqualTo(new[] { "surgery_demo", "surgery_demo", "lecture", "discussion" }));
            Assert.That(slots[0]!["operatingSurgeons"]!.AsArray().Select(p => p!["fullName"]!.GetValue<string>()), Is.EqualTo(new[] { "Li Yu", "Zhang Xufeng" }));
            Assert.That(slots[0]!["originHospital"]!["id"]!.GetValue<Guid>(), Is.EqualTo(xian));
            Assert.That(slots[1]!["originHospital"]!["id"]!.GetValue<Guid>(), Is.EqualTo(hanzhong));
            Assert.That(slots[2]!["speakers"]![0]!["fullName"]!.GetValue<string>(), Is.EqualTo("Liu Xuemin"));
            Assert.That(DateTimeOffset.Parse(slots[0]!["startsAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(m.StartsAt));
        });
    }
}
